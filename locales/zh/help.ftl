cmd-help = 机器人的功能和命令
cmd-start = 开始与机器人对话
help-intro = 我是本楼的互助服务台：把本楼的需求、投票、团购和通知集中在一起，不再淹没在聊天记录里。
help-commands = 命令：
help-section-volunteer = 志愿者：
help-section-admin = 管理员：
help-in-group = 在你所在楼栋的群里还可以用：{ $commands }
help-volunteer-assist = /need for 1502 内容、/order 3 2 for 1502 — 替没有手机的住户登记
start-private =
    你好，{ $name }！
    { $help }

    大部分命令在你所在楼栋的群里使用。请把我加入群，或联系本楼管理员。
help-start = /start — 开始与我对话（之后我可以私信你）
help-help = /help — 本帮助
private-unknown-command = 我不认识 /{ $command }。发送 /help 查看我能做什么。
private-free-text =
    我只读取命令。需要帮助时，请发送 /need 加上你需要的东西，例如 /need 面包和牛奶：只有你所在楼栋的志愿者能看到。
    发送 /help 查看我能做的一切。
start-resident =
    你好，{ $name }！你登记的住户是：{ $homes }。
    在这里你可以私密求助（/need：只有志愿者能看到）、查看与你有关的事项（/mine）、获取指引（/learn）和求助热线（/support）。
    { $help }
