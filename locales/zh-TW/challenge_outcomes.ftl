# issue 20: challenges (use) — 已發布出題的使用與成果

## 作品表單與作品旁的出題
entry-challenge = 回應的出題
entry-challenge-none = 無（不回應出題）
entry-challenge-hint = 本組別由業務單位出的題目，作品若回應其中一題請選擇。
entry-challenge-see-track = 查看本組別的出題
entry-challenge-withdrawn = 已撤下
entry-challenge-heading = 本作品回應的出題
entry-challenge-by = 出題單位：{ $unit }
entry-challenge-recommended = 出題單位推薦的資料集：
entry-challenge-declared = 已宣告
entry-challenge-not-declared = 未宣告
error-entry-challenge-track = 請選擇本作品所屬組別的出題。
error-entry-challenge-not-published = 該出題尚未發布；請選擇已發布的出題或不選。
check-challenge-datasets = 已宣告所選出題推薦的資料集
fix-challenge-datasets = 您選擇的出題推薦 { $ids }；若作品用得上請宣告（僅為建議）。

## 資料需求
request-field-challenge = 服務的出題（選填）
request-field-challenge-none = 無
request-field-challenge-help = 這份資料有助於回應的出題（仍在進行中的競賽已發布者）。
request-challenge-line = 服務出題「{ $title }」
error-request-challenge = 請選擇仍在進行中競賽的已發布出題，或不選。

## 出題單位的成果頁
outcome-title = 出題成果
outcome-back = 本單位的出題
outcome-heading = 「{ $title }」的成果
outcome-public-page = 公開頁面
outcome-figures = 數據
outcome-teams = 選擇此題的隊伍
outcome-submitted = 已送出作品
outcome-eligible = 資格審查通過作品
outcome-finalists = 入圍決賽
outcome-winners = 得獎
outcome-winners-not-yet = 組別公布結果後顯示
outcome-requests = 指明此題的資料需求
outcome-eligible-heading = 回應此題且資格審查通過的作品
outcome-eligible-none = 目前尚無回應此題的作品通過資格審查。
outcome-col-team = 隊伍
outcome-col-entry = 作品
outcome-won = 得獎
outcome-sharing-heading = 得獎團隊分享會
outcome-registered-line = 已報名 { $session }：{ $attendees } 人出席（{ $at }）
outcome-session = 場次
outcome-attendees = 出席人數
outcome-attendees-hint = 1 至 { $max } 人。
outcome-note = 給主辦單位的備註（選填）
outcome-register = 報名分享會
outcome-no-session = 本屆競賽尚未安排可報名的分享會。
flash-outcome-registered = 已為本單位報名分享會。
error-sharing-registration-session = 請選擇本屆競賽的分享會場次。
error-sharing-registration-attendees = 請填 1 至 20 的整數。
error-sharing-registration-over = 該場分享會已經舉行。
error-sharing-registered-already = 本單位已為此出題報名該場分享會。
error-sharing-registration-not-published = 只有已發布的出題可以報名分享會。

## 主辦單位的分享會頁
sharing-unit-registrations = 已報名的業務單位
sharing-unit-registrations-none = 尚無業務單位報名。
sharing-col-unit = 單位
sharing-col-challenge = 出題
sharing-col-attendees = 出席人數
sharing-col-registration-note = 備註

## 組別公布結果時的通知
notify-kind-challenge-results = 出題的競賽結果
notify-kind-challenge-results-help = 本單位出題的組別公布結果時通知。
mail-challenge-results-subject = 您出題的組別已公布結果
mail-challenge-results-body = { $contest }{ $track }已公布結果。貴單位的出題「{ $challenge }」現在可以看到得獎作品。
mail-challenge-results-see = 查看出題成果並報名得獎團隊分享會：

## 儀表板、報告與歷屆
dash-challenges = 業務單位出題
dash-challenges-published = 已發布出題
dash-challenge-entries = 回應出題的作品
dash-challenge-submitted = …已送出
dash-challenge-eligible = …資格審查通過
dash-challenge-finalists = …入圍決賽
dash-challenge-winners = …得獎（已公布結果）
pack-challenges = 業務單位出題
pack-challenges-note = 部內單位的出題與回應的作品，取自儀表板的出題表；得獎數於組別公布結果後計入。
archive-challenges = 業務單位出題
archive-challenge-answered = 共 { $entries } 件送出作品回應，{ $finalists } 件入圍決賽。
archive-challenge-winners = 得獎：
outcome-back-review = 回到此出題的審查頁
