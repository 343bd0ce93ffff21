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
