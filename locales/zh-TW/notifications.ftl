## 通知
nav-notifications = 通知
nav-notifications-unread = 通知（{ $count } 則未讀）
notifications-title = 通知
notifications-read-all = 全部標為已讀
notifications-settings = 通知設定
notifications-new = 新
notifications-none = 目前沒有通知。
notifications-settings-intro = 所有通知都會出現在這裡；您可以選擇哪些也要寄到電子郵件。帳號驗證與重設密碼的信一定會寄出。
notifications-by-email = 也寄電子郵件
notifications-save = 儲存設定
flash-notifications-read = 已將所有通知標為已讀。
flash-notification-settings-saved = 已儲存通知設定。
notify-kind-eligibility-result = 作品資格審查結果
notify-kind-eligibility-result-help = 團隊作品的審查結果與需要修正的地方。
notify-kind-judge-invitation = 評審邀請
notify-kind-judge-invitation-help = 受邀擔任某組別的評審。
notify-kind-judge-reminder = 評分提醒
notify-kind-judge-reminder-help = 尚有分配的作品未送出評分時。
notify-kind-request-update = 資料需求進度
notify-kind-request-update-help = 您提出或追蹤的資料需求狀態改變時。
notify-kind-request-routed = 轉交本單位的資料需求
notify-kind-request-routed-help = 有資料需求轉交給您的單位，或申請人補充了資料。
notify-kind-request-reminder = 資料需求期限提醒
notify-kind-request-reminder-help = 本單位的資料需求到期前 3 個工作天與到期當天。

## 稽核紀錄篩選
audit-object-id = 對象編號
audit-ip = 來源位址
audit-actor-filter = 操作者信箱（部分即可）
audit-object-type = 對象類型
audit-any-object = 所有類型
audit-from = 起日
audit-to = 迄日
audit-download = 下載 CSV

## 競賽儀表板
dash-title = 競賽儀表板
dash-teams = 報名團隊
dash-cross-school = 跨校團隊
dash-cross-department = 跨系團隊
dash-entries-submitted = 已送出作品
dash-submitted-of = { $submitted } 件（已開始撰寫的作品共 { $total } 件）
dash-registrations = 每日報名團隊
dash-registrations-desc = { $first } 至 { $last } 每天新報名的團隊數；數字見下表。
dash-day = 日期
dash-teams-new = 當日新增
dash-teams-total = 累計
dash-schools = 各校團隊數（前 20 名）
dash-school = 學校
dash-eligibility = 資格審查結果
dash-outcome = 結果
dash-entries = 作品數
dash-undecided = 尚未審查
dash-reasons = 不通過與修正的原因
dash-reason = 原因
dash-datasets = 最常使用的資料集（前 20 名）
dash-dataset-id = 資料集識別碼
dash-dataset = 資料集
dash-publishers = 使用資料的提供機關
dash-publisher = 提供機關
dash-judging = 評審進度
dash-judge = 評審
dash-round = 回合
dash-assigned = 分配
dash-submitted = 已送出
dash-requests = 資料需求（全部）
dash-count = 件數
dash-download = 下載 CSV
dash-empty = 尚無資料。
dash-xlsx = 下載 Excel 活頁簿（所有表格）

# issue 14: notifications
notify-kind-team-member = 團隊成員異動
notify-kind-team-member-help = 有人加入或離開您擔任隊長的團隊時。

# issue 14: results reach the teams
notify-kind-results = 競賽結果
notify-kind-results-help = 組別結果公布時，團隊的得獎情形與評審回饋。

# issue 14: the organiser's dashboard as charts
dash-funnel = 參賽漏斗
dash-funnel-teams = 報名團隊
dash-funnel-submitted = 已繳交作品
dash-funnel-eligible = 資格審查通過
dash-funnel-finalists = 進入決賽
dash-funnel-winners = 得獎作品
dash-stage = 階段
dash-registrations-line-desc = { $first } 至 { $last } 每天新報名的團隊數（長條）與累計團隊數（折線，共 { $total } 隊）。
dash-new-and-total = 當日新增 / 累計
dash-mix = 跨校與跨系團隊占比
dash-measure = 項目
dash-share = 團隊數與占比
dash-count-share = { $count }（{ $share }）

# issue 15: watch
notify-kind-dataset-watch = 使用的資料集異動
notify-kind-dataset-watch-help = 作品宣告使用的資料集從開放資料目錄下架，或欄位變動使宣告的欄位消失時。
mail-watch-gone-subject = 作品使用的資料集已從開放資料目錄下架
mail-watch-columns-subject = 作品宣告使用的資料集欄位已消失
mail-watch-gone-body = 資料集 { $dataset }「{ $title }」已不在開放資料目錄中（{ $date } 發現），以下作品仍宣告使用它：
mail-watch-columns-body = 資料集 { $dataset }「{ $title }」的欄位有變動（{ $date } 發現），以下作品宣告使用的欄位已不在其中：
mail-watch-entry = { $year } 年 { $track }：「{ $title }」
mail-watch-lost = 消失的欄位：
mail-watch-gone-next = 請檢查作品，改用其他資料集，或說明如何取得這份資料。作品頁面：
mail-watch-columns-next = 請檢查作品宣告的欄位，改用資料集現有的欄位。作品頁面：
# issue 16: teammate finder
notify-kind-finder-contact = 尋找隊友的聯絡邀約
notify-kind-finder-contact-help = 有同學對您的名片送出聯絡邀約，或回覆了您的邀約時。
mail-finder-request-subject = 有同學想和您組隊
mail-finder-request-body = { $requester }（{ $school } { $department }）在「{ $contest }」的尋找隊友看到您的名片，想和您聯絡：
mail-finder-request-answer = 請到這裡接受或婉拒；您接受後，雙方才看得到彼此的電子郵件：
mail-finder-accepted-subject = 您的聯絡邀約已被接受
mail-finder-declined-subject = 您的聯絡邀約已被婉拒
mail-finder-accepted-body = { $owner } 接受了您在「{ $contest }」尋找隊友送出的邀約；現在雙方都看得到彼此的電子郵件。
mail-finder-declined-body = { $owner } 婉拒了您在「{ $contest }」尋找隊友送出的邀約。
mail-finder-see = 查看您的聯絡邀約：

# issue 16: consult
notify-kind-consult-answer = 開放資料諮詢回覆
notify-kind-consult-answer-help = 審查人員回覆團隊在截止前提出的開放資料諮詢時。
mail-consult-subject = 開放資料諮詢已回覆
mail-consult-body = 審查人員已回覆作品「{ $title }」的開放資料諮詢：
mail-consult-risks = 可能不符合的資格條件：
mail-consult-next = 諮詢不是審查結果。完整回覆：

# issue 17: office closures
notify-kind-request-due-moved = 資料需求期限因停止上班變更
notify-kind-request-due-moved-help = 政府宣布停止上班（或誤登的紀錄刪除），本單位資料需求的回覆期限隨之變更時。
