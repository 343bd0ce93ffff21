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
# issue 17: the advisory-group pack (and the dashboard, summary and report figures it reads)
dash-tracks = 各組團隊與作品
dash-track = 組別
dash-all-tracks = 全部組別
dash-share-of-teams = 占團隊比率
dash-datasets-count = 資料集數
dash-themes = 使用資料的高應用價值主題
dash-theme = 主題
dash-winners = 得獎團隊（已公布）
dash-award = 獎項
dash-team = 團隊
dash-schools-of-team = 學校與系所
review-all-tracks = 全部組別
report-all-units = 全部業務單位
report-count = 件數
report-filed-title = 期間內提出的資料需求
report-filed-intro = 依提出日統計 { $from } 至 { $to } 提出的資料需求共 { $count } 件，以及它們目前的狀態（與上表依轉交日統計不同）。
report-filed-state = 目前狀態
report-filed-received = 提出件數
report-refused-title = 不開放的原因
report-refused-reason = 原因
report-refused-none = 這段期間提出的資料需求沒有不開放的。
report-released-title-heading = 因資料需求而開放的資料集
report-released-request = 需求編號
report-released-title = 需求標題
report-released-dataset = 資料集識別碼
report-released-none = 這段期間提出的資料需求尚未有因此開放的資料集。
pack-title = 諮詢會議資料
pack-heading = { $year } 年度開放資料諮詢會議資料
pack-beside = 與 { $year } 年度並列
pack-no-previous-intro = 沒有更早年度的競賽可並列比較。
pack-xlsx = 下載 Excel 活頁簿
pack-print-hint = 以瀏覽器列印即可印出本頁：導覽與按鈕不會印出，每一節從新的一頁開始，圖表旁附數字表格。
pack-contents = 本頁各節
pack-sources = 數字來源：
pack-change = 增減
pack-no-previous = 無前一年度
pack-year = 年度
pack-pass-rate = 通過率
pack-source-dashboard = { $year } 儀表板 CSV
pack-source-eligibility = { $year } 資格審查 CSV
pack-source-report = 資料需求報表 CSV（{ $from } 至 { $to }）
pack-source-ledger = { $year } 資料集影響紀錄 CSV
pack-entries = 報名與作品
pack-entries-note = 一個團隊可報名多個組別，故各組團隊數加總可能多於全部組別的團隊數。
pack-teams-per-track = 各組報名團隊
pack-entries-per-track = 各組已繳交作品
pack-eligibility = 資格審查
pack-eligibility-note = 通過、不通過（含待第二位審查者確認）、請修正與待審的件數，以及不通過與請修正的原因。
pack-eligibility-totals = 全部組別審查結果
pack-eligibility-tracks = 各組審查結果
pack-participation = 跨校與跨系團隊
pack-mix-counts = 團隊數
pack-mix-shares = 占團隊比率
pack-datasets = 使用的資料集
pack-datasets-note = 依已繳交作品申報的資料集統計：資料集數為不同資料集的數目，作品數為申報該機關或主題資料集的作品數。
pack-datasets-used = 已繳交作品使用的資料集數
pack-requests = 資料需求
pack-requests-period = { $year } 年度：統計 { $from } 至 { $to } 的資料需求，與同期間的資料需求報表相同。
pack-requests-period-so-far = { $year } 年度：統計 { $from } 至 { $to }（今年至今）的資料需求，與同期間的資料需求報表相同。
pack-requests-not-begun = { $year } 年尚未開始，沒有資料需求可統計。
pack-requests-answered = 業務單位回覆情形（依轉交日）
pack-requests-routed = 轉交業務單位
pack-winners = 得獎團隊
pack-winners-none = { $year } 年度尚未公布得獎結果。
pack-chart-desc = { $year } 年度（實心長條）與 { $previous } 年度（空心長條）：{ $values }。數字同下表。
