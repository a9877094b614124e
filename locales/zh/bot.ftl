error-unexpected = 抱歉，我这边出了点问题。没有做任何更改，请稍后再试。
button-invalid = 这个按钮已失效。
card-other-building = 这张卡片属于其他楼栋的群。
group-only = 请在你所在楼栋的群里使用这个命令。
anonymous-no-person = 你正以群组身份（匿名管理员）发言。请以个人身份使用这个命令。
