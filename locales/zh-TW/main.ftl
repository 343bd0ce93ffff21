## Portal shell
portal-name = 資料創新應用競賽
ministry-name = 勞動部
skip-to-content = 跳到主要內容
nav-label = 主選單
nav-home = 首頁
nav-account = 我的帳號
nav-admin = 系統管理
nav-outbox = 郵件寄件匣
nav-sign-in = 登入
nav-sign-up = 註冊帳號
nav-sign-out = 登出
nav-signed-in-as = 已登入：{ $name }
lang-switch-label = 語言
footer-organiser = 主辦：勞動部資訊處。
footer-contact = 對競賽有疑問？請透過勞動部服務窗口與主辦單位聯繫。
pager-label = 分頁
pager-status = 第 { $page } 頁，共 { $pages } 頁（合計 { $total } 筆）
pager-prev = 上一頁
pager-next = 下一頁
filter-apply = 套用篩選

## Home
home-title = 首頁
home-heading = 勞動部資料創新應用競賽
home-lead = 大專校院團隊運用政府勞動開放資料打造創新服務。在這裡報名團隊、申報作品使用的開放資料集，並提出尚未開放資料的需求。
home-welcome = { $name }，歡迎回來。
home-cta-sign-up = 註冊帳號
home-cta-sign-in = 登入
home-how-heading = 競賽如何進行
home-step-team-title = 組成團隊
home-step-team-body = 不同科系、不同學校的學生可以組隊，並邀請指導老師加入。
home-step-data-title = 運用開放資料
home-step-data-body = 作品依使用現有政府開放資料集的數量及程度評分。
home-step-review-title = 資格審查與評審
home-step-review-body = 審查人員先檢視每件作品的開放資料運用，再由專家評審評分。
home-step-request-title = 申請尚未開放的資料
home-step-request-body = 需要的資料還沒上架？提出資料需求，業務單位將於 14 個工作天內回覆。

## Form fields
field-email = 電子郵件
field-display-name = 顯示名稱
field-display-name-hint = 最多 80 個字。團隊成員與主辦單位會看到這個名稱。
field-password = 密碼
field-password-hint = 至少 10 個字元。請避免常見密碼；一句短句容易記又安全。
field-password-confirm = 再輸入一次密碼
field-current-password = 目前的密碼
field-new-password = 新密碼

## Validation and errors
error-email-required = 請輸入電子郵件。
error-email-invalid = 請輸入有效的電子郵件，例如 name@example.edu.tw。
error-display-name-required = 請輸入顯示名稱。
error-display-name-too-long = 顯示名稱最多 80 個字。
error-display-name-invalid = 顯示名稱含有無法顯示的字元。
error-password-required = 請輸入密碼。
error-password-too-short = 密碼至少需要 10 個字元。
error-password-too-long = 密碼最多 200 個字元。
error-password-common = 這個密碼太常見、容易被猜到，請換一個。
error-password-is-email = 密碼不可以和電子郵件相同。
error-password-mismatch = 兩次輸入的密碼不一致。
error-password-unchanged = 新密碼必須和目前的密碼不同。
error-current-password-wrong = 目前的密碼不正確。
error-signin-failed = 電子郵件或密碼不正確。
error-signin-unverified = 請先確認您的電子郵件：點選我們寄給您的連結。
error-rate-limited = 嘗試次數過多，請稍候幾分鐘再試。
error-token-unknown = 這個連結無效，請確認您複製了完整的連結。
error-token-expired = 這個連結已經過期。
error-token-used = 這個連結已經使用過了。
error-role-invalid = 請從清單中選擇角色。
error-unit-required = 業務單位審查人必須綁定一個啟用中的業務單位，請選擇。
error-last-admin = 這是唯一的系統管理員，請先將管理員角色授予其他人。
error-cannot-disable-self = 您不能停用自己的帳號。
error-unit-code-invalid = 請使用 1 到 40 個小寫英文字母、數字或連字號，例如 bli。
error-unit-code-taken = 這個代碼已經被其他單位使用。
error-unit-name-invalid = 請輸入名稱，最多 100 個字。
error-unit-kind-invalid = 請選擇這是部內業務單位還是所屬機關。
error-back-home = 回到首頁
error-400-title = 無法理解這個請求
error-400-body = 請求的內容格式不正確，請返回上一頁再試一次。
error-403-title = 您沒有這個頁面的權限
error-403-body = 您的帳號沒有這個頁面需要的角色，或是您送出的表單已經過期。請重新整理頁面後再試，或請系統管理員開通權限。
error-refused-title = 無法完成這個操作
error-404-title = 找不到這個頁面
error-404-body = 您要找的頁面不存在，或您無權查看。
error-409-title = 這筆資料剛剛被別人修改了
error-409-body = 請重新整理頁面查看最新內容，再重新修改一次。
error-413-title = 資料量太大
error-413-body = 您送出的內容超過這個表單允許的大小。
error-429-title = 請求次數過多
error-429-body = 請稍候幾分鐘再試。
error-500-title = 系統發生錯誤
error-500-body = 問題已記錄下來，請稍後再試一次。
error-422-title = 送出的內容有誤
error-422-body = 請返回表單，依說明修正後再送出。
error-text-control = 這一欄含有看不見的控制字元（例如從其他程式貼上時帶入），請刪除後再送出。
error-text-line-break = 這一欄只能有一行，請刪除換行或定位字元。
error-text-invisible = 名稱或標題不能含有隱藏的文字方向或零寬字元，請重新輸入。
error-conflict-retry = 有人在同一時間做了相同的操作，已經以先送出的為準。請重新整理頁面查看最新狀態。

## Messages shown once after an action
flash-signed-in = 您已登入。
flash-signed-out = 您已登出。
flash-signed-out-everywhere = 您已在所有裝置上登出。
flash-email-verified = 您的電子郵件已確認，現在可以登入了。
flash-password-reset = 密碼已更新，請用新密碼登入。
flash-password-changed = 密碼已更新，其他裝置已登出。
flash-must-change-password = 繼續使用前，請先設定新密碼。
flash-role-granted = 已授予角色。
flash-role-revoked = 已移除角色。
flash-user-disabled = 帳號已停用，並已在所有裝置上登出。
flash-user-enabled = 帳號已重新啟用。
flash-unit-saved = 業務單位已儲存。
flash-mail-requeued = 這封郵件將重新寄送。

## Sign-up, sign-in and passwords
signup-title = 註冊帳號
signup-intro = 學生、指導老師、評審與工作人員都使用同一種帳號。我們會寄送連結以確認您的電子郵件。
signup-submit = 建立帳號
signup-have-account = 已經有帳號了嗎？
check-email-title = 請查看您的電子郵件
check-email-verify = 如果 { $email } 可以註冊，我們已寄出確認連結。請點選連結完成註冊。
check-email-reset = 如果有帳號使用 { $email }，我們已寄出設定新密碼的連結。
check-email-not-arrived = 幾分鐘後還沒收到？請檢查垃圾郵件匣，或洽詢主辦單位。
token-problem-title = 這個連結無法使用
verify-resend-heading = 重新寄送確認連結
verify-resend-submit = 寄送新的連結
reset-request-again = 重新申請重設密碼連結
signin-title = 登入
signin-submit = 登入
signin-forgot = 忘記密碼？
signin-no-account = 還沒有帳號？
signin-unverified-help = 我們可以再寄一封確認連結給您。
forgot-title = 重設密碼
forgot-intro = 輸入帳號的電子郵件，我們會寄給您設定新密碼的連結。
forgot-submit = 寄送重設連結
reset-title = 設定新密碼
reset-submit = 儲存新密碼
password-title = 變更密碼
password-intro = 變更後，您在這個裝置上會保持登入，其他裝置則會登出。
password-submit = 變更密碼

## Account page
account-title = 我的帳號
account-verified = 已確認
account-member-since = 註冊時間
account-roles = 角色
account-security = 帳號安全
account-change-password = 變更密碼
account-sessions = 您目前在 { $count } 個裝置上登入。
account-sign-out-everywhere = 登出所有裝置

## Roles
role-participant = 參賽者
role-advisor = 指導老師
role-reviewer = 資格審查人員
role-judge = 評審
role-unit-reviewer = 業務單位審查人
role-organiser = 主辦單位
role-admin = 系統管理員

## Administration
admin-nav-label = 系統管理項目
admin-users = 使用者
admin-units = 業務單位
admin-outbox = 郵件寄件匣
admin-audit = 稽核紀錄
admin-users-search = 以姓名或電子郵件搜尋
admin-users-role-filter = 角色
admin-users-any-role = 所有角色
admin-users-caption = 使用者（{ $total } 位）
admin-users-status = 狀態
admin-users-created = 建立時間
admin-users-none = 沒有符合條件的使用者。
admin-user-title = 使用者
admin-user-active = 啟用中
admin-user-unverified = 電子郵件未確認
admin-user-disabled = 已停用
admin-user-no-roles = 這個帳號沒有任何角色。
admin-user-disable = 停用帳號
admin-user-disable-hint = 停用的帳號無法登入，並會立即在所有裝置上登出。
admin-user-enable = 重新啟用帳號
admin-back-to-users = 回到使用者列表
admin-role-revoke = 移除
admin-role-grant-heading = 授予角色
admin-role-field = 角色
admin-role-grant = 授予角色
admin-unit-field = 業務單位
admin-unit-none = 不指定單位
admin-unit-hint = 只有業務單位審查人需要指定，他們負責審查分派給該單位的資料需求。
admin-units-intro = 業務單位負責審查分派給他們的資料需求。每位業務單位審查人綁定一個單位。
admin-unit-new = 新增業務單位
admin-unit-create = 新增單位
admin-unit-edit = 編輯業務單位
admin-unit-save = 儲存單位
admin-back-to-units = 回到業務單位列表
unit-code = 代碼
unit-code-hint = 簡短的識別碼，例如勞工保險局為 bli。
unit-name-zh = 中文名稱
unit-name-en = 英文名稱
unit-kind = 類型
unit-kind-department = 部內業務單位
unit-kind-agency = 所屬機關
unit-active = 啟用
unit-inactive = 停用
unit-reviewers = 審查人數

## Mail outbox
outbox-intro-smtp = 系統寄出的每一封電子郵件及其寄送狀態都保存在這裡。
outbox-intro-no-smtp = 尚未設定 SMTP 郵件伺服器，所以郵件不會寄出，而是保存在這裡，供系統管理員與主辦單位查看（例如轉交確認連結）。
outbox-state = 狀態
outbox-state-all = 所有狀態
outbox-state-pending = 等待寄送
outbox-state-sent = 已寄出
outbox-state-failed = 已放棄
outbox-to = 收件人
outbox-subject = 主旨
outbox-created = 排入時間
outbox-attempts = 嘗試次數
outbox-caption = 電子郵件（{ $total } 封）
outbox-none = 沒有符合條件的電子郵件。
outbox-back = 回到寄件匣
outbox-last-error = 最近一次錯誤
outbox-body = 內容
outbox-retry = 重新寄送

## Audit log
audit-action = 動作
audit-any-action = 所有動作
audit-caption = 稽核紀錄（{ $total } 筆）
audit-when = 時間（臺北）
audit-actor = 操作者
audit-object = 對象
audit-details = 詳細內容
audit-system = 系統
audit-none = 沒有符合條件的稽核紀錄。

## E-mails
mail-greeting-plain = 您好：
mail-greeting = { $name } 您好：
mail-signature = 勞動部資料創新應用競賽
mail-ignore = 如果這不是您本人的操作，請忽略這封郵件。
mail-verify-subject = 請確認您的電子郵件
mail-verify-body = 請點選以下連結，確認您在資料創新應用競賽平台的電子郵件：
mail-verify-expiry = 此連結於 { $hours } 小時內有效，且只能使用一次。
mail-reset-subject = 設定新密碼
mail-reset-body = 有人申請重設您在競賽平台的帳號密碼。請點選以下連結設定新密碼：
mail-reset-expiry = 此連結於 { $minutes } 分鐘內有效，且只能使用一次。
mail-account-exists-subject = 有人嘗試以您的電子郵件註冊
mail-account-exists-body = 有人嘗試以這個電子郵件註冊競賽平台帳號，但已經有帳號使用這個電子郵件。
mail-account-exists-signin = 登入：
mail-account-exists-reset = 忘記密碼？請由此重設：

# issue 14: punctuation that differs by language
colon = ：

# issue 14: a home for every role
home-work-heading = 我的待辦
home-work-student = 參賽下一步
home-step-profile = 填寫個人資料（學校、科系、真實姓名）
home-step-team = 報名團隊或加入團隊
home-step-entry = 開始撰寫作品
home-step-submit = 繳交作品
home-step-done = 作品已繳交，等待資格審查
home-work-deadline = 期限：{ $at }（臺北時間）
home-work-advisor = 指導的團隊
home-work-endorse = 「{ $title }」（{ $track }）等待您的背書
home-work-nothing-to-endorse = 目前沒有等待背書的作品
home-work-reviewer = 資格審查待辦
home-work-review-waiting = { $track }：{ $count } 件等待審查
home-work-open-review = 前往資格審查
home-work-judge = 評審進度
home-work-scored = { $track }：已評 { $scored } / { $assigned } 件
home-work-due = 截止 { $at }（臺北時間）
home-work-open-judging = 前往評審
home-work-unit = 本單位的資料需求
home-work-unit-waiting = 等待回覆：{ $count } 件
home-work-unit-due-soon = 三個工作天內到期：{ $count } 件
home-work-unit-overdue = 已逾期：{ $count } 件
home-work-open-unit = 前往單位待辦
home-work-organiser = 主辦待辦
home-work-to-route = 待分派的資料需求：{ $count } 件
home-work-overdue = 單位逾期未回覆：{ $count } 件
home-work-judges-behind = 尚有未完成評分的評審：{ $count } 位
home-work-ready = 「{ $track }」得獎名單已儲存，可核對後公布
home-work-nothing-assigned = 還沒有分派給您的作品

# issue 14: the student's next step after submitting
home-step-revise = 資格審查要求修改：請在期限內修改並重新繳交
home-step-results = 結果已公布：查看作品的結果
home-step-judging = 已通過資格審查，接下來由評審評分
home-step-not-eligible = 未通過資格審查：查看原因
signup-comes-back = 建立帳號後，請開啟寄到您信箱的確認連結並登入，就會回到剛才的邀請（或頁面）。
detail-in-brackets = （{ $detail }）
list-sep = 、
list-sep-strong = ；
quoted = 「{ $text }」
