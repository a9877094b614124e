cmd-survey = 住户调查（管理员：发调查卡片；志愿者：名单、未答）
help-survey = /survey — 私下回答住户调查（管理员在群里：发调查卡片；志愿者和管理员：/survey list、/survey missing）
cmd-cancel = 退出调查或引导求助
help-cancel = /cancel — 退出正在进行的调查或引导求助（不保存任何内容）
survey-card =
    📋 住户调查 — { $building }
    请私下回答几个简短问题（只需按按钮，约两分钟）：家里是否有 70 岁以上或独居的人、需要长期用药或治疗、或需要帮助。只有本楼的志愿者和管理员能看到你的回答；其他人只看到数量。
    已回答：{ $households } 户中的 { $answered } 户（{ $percent }%）。
survey-card-button = 📝 私下回答
survey-card-admins-only = 只有管理员可以发调查卡片。你可以私下回答：{ $link }
survey-intro =
    📋 { $building } { $unit } 的住户调查。
    一次一个问题。每个问题都可以选“不便透露”；⬅️ 上一步 可以修改上一个回答；最后按“保存”之前什么都不会保存；随时发送 /cancel 退出。
    只有本楼的志愿者和管理员能看到你的回答。
survey-replaces = （你家在 { $date } 回答过：保存会替换之前的回答。）
survey-question = 第 { $number } 题，共 { $of } 题
survey-q-people = 你家有几口人？
survey-q-elderly = 家里有 70 岁以上的人，或有人独居吗？
survey-q-medicine = 有人因慢性病需要长期用药吗？
survey-q-medicine-which = 是什么药？请用一条消息写下来（例如：胰岛素、降压药）。
survey-q-hospital = 有人需要定期去医院治疗吗（透析、化疗等）？
survey-q-mobility = 有人行动不便或卧床吗？
survey-q-pregnant = 有孕妇吗？
survey-q-infants = 有 3 岁以下的孩子吗？
survey-q-pets = 有宠物吗？
survey-q-phone-help = 有没有手机、或使用手机需要帮助的家人？
survey-choice = { $choice ->
        [yes] 有
        [no] 没有
        [elderly-alone] 70 岁以上且独居
        [elderly] 70 岁以上，与家人同住
        [alone] 独居，70 岁以下
        [limited] 行动不便
        [bedridden] 卧床
        [skip] 不便透露
       *[other] { $choice }
    }
survey-label = { $question ->
        [people] 人数
        [elderly] 70+ 或独居
        [medicine] 长期用药
        [medicineWhich] 药品
        [hospital] 定期治疗
        [mobility] 行动
        [pregnant] 孕妇
        [infants] 3 岁以下儿童
        [pets] 宠物
       *[phoneHelp] 手机帮助
    }
survey-btn-back = ⬅️ 上一步
survey-btn-save = ✅ 保存
survey-btn-cancel = ✖️ 取消
survey-summary-title = 请核对 { $building } { $unit } 的回答：
survey-summary-hint = 按“保存”交给本楼的志愿者和管理员，或按“上一步”修改最后一个回答。
survey-saved = ✅ 已保存，谢谢！只有 { $building } 的志愿者和管理员能看到你的回答。
survey-offer-checkin = 家里有 70 岁以上的独居老人：需要每天一个“我很好”按钮吗？如果没人按，志愿者会上门看看。
survey-offer-checkin-button = 👍 好，每天报平安
survey-checkin-on = ✅ 已为 { $unit } 开启每日报平安：每天 { $at } 我会私信你一个“我很好”按钮。
survey-offer-medicine = 长期用药，志愿者可以定期帮忙：发送 /need 每周 #药 { $medicine }（或 每3天、每周一,周四），每次送到后会按这个周期重新开启，并且是私密的（只有志愿者能看到）；/stop 可停止。
survey-offer-medicine-example = 胰岛素 2 盒
survey-cancelled = 你已退出调查，没有保存任何内容。
cancel-nothing = 没有可以取消的内容。
survey-stale = 这个问题已经回答过了。
survey-use-buttons = 请用下面的按钮回答，或发送 /cancel 退出。
survey-medicine-empty = 请写下是什么药（或按“不便透露”）。
survey-medicine-too-long = 太长了：最多 { $max } 个字。
survey-no-back = 这是第一个问题。
survey-no-home = 请先登记你家：在你楼的群里发送 /home 加门牌号（例如 /home 1502），然后在这里发送 /survey。
survey-no-home-building = 请先在 { $building } 登记你家：在该楼的群里发送 /home 加门牌号（例如 /home 1502），然后再按一次调查按钮。
survey-choose-building = 这份调查是为哪一户填写的？
survey-staff-only = 只有本楼的志愿者和管理员可以查看调查回答。
survey-list-private = 回答是保密的：请在与我的私聊中（或志愿者群里）发送 /survey list。
survey-usage = 用法：/survey（回答调查），/survey list 或 /survey missing（志愿者和管理员）
survey-list-title = 📋 { $building } 的调查：{ $households } 户中已有 { $answered } 户回答。
survey-list-none = 还没有人回答。
survey-list-line = { $unit }：{ $answers }
survey-missing-title = { $building } 还没有回答的住户（{ $count } 户），按楼层：
survey-missing-none = { $building } 所有已登记的住户都回答了。
survey-not-yours = 这个按钮是给另一户的。
board-survey = 📋 住户调查：{ $households } 户中已有 { $answered } 户回答（{ $percent }%）
