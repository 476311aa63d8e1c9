// Every fixed string the kiosk shows, in both languages. The font builder
// walks AllTexts() so that each of these glyphs is in the atlas.
#pragma once

#include <string>
#include <vector>

namespace gridledger::kiosk {

enum class Lang { kZh, kEn };

struct Text {
  const char* zh;
  const char* en;
  const char* operator()(Lang lang) const { return lang == Lang::kZh ? zh : en; }
};

// Picks the language's member of a (zh, en) pair of strings.
inline const std::string& Pick(Lang lang, const std::string& zh, const std::string& en) {
  return (lang == Lang::kEn && !en.empty()) ? en : zh;
}

namespace txt {
#define GL_KIOSK_TEXTS(X)                                                                                                            \
  X(kAppTitle, "社区便民服务", "Community Services")                                                                                 \
  X(kWelcome, "您好！请点击下面的按钮", "Hello! Please tap a button below")                                                          \
  X(kFileRequest, "我要反映问题", "Report a problem")                                                                                \
  X(kFileRequestSub, "下水道、噪音、设施损坏等", "Sewer, noise, broken things and more")                                             \
  X(kMyCases, "查询我的事项", "My cases")                                                                                            \
  X(kMyCasesSub, "看看办到哪一步了", "See how far it has got")                                                                       \
  X(kMicroWish, "许个微心愿", "Make a micro-wish")                                                                                   \
  X(kMicroWishSub, "生活中的小困难、小愿望", "A small wish or need")                                                                 \
  X(kChinese, "简体中文", "简体中文")                                                                                                \
  X(kEnglish, "English", "English")                                                                                                  \
  X(kLargeText, "大字", "Large text")                                                                                                \
  X(kContrast, "高对比", "High contrast")                                                                                            \
  X(kVoiceOn, "语音：开", "Voice: on")                                                                                               \
  X(kVoiceOff, "语音：关", "Voice: off")                                                                                             \
  X(kOn, "开", "on")                                                                                                                 \
  X(kOff, "关", "off")                                                                                                               \
  X(kHome, "回首页", "Start over")                                                                                                   \
  X(kBack, "上一步", "Back")                                                                                                         \
  X(kNext, "下一步", "Next")                                                                                                         \
  X(kSkip, "跳过", "Skip")                                                                                                           \
  X(kStepBefore, "第", "Step ")                                                                                                      \
  X(kStepAfter, "步：", ": ")                                                                                                        \
  X(kWishJourney, "许微心愿 · ", "Micro-wish · ")                                                                                    \
  X(kStepCategory, "是什么问题？", "What kind of problem?")                                                                          \
  X(kStepCategoryWish, "是什么心愿？", "What kind of wish?")                                                                         \
  X(kStepPlace, "在哪里？", "Where is it?")                                                                                          \
  X(kStepPlaceWish, "您在哪里？", "Where are you?")                                                                                  \
  X(kStepWhat, "发生了什么？", "What happened?")                                                                                     \
  X(kStepWhatWish, "您的心愿是？", "What is your wish?")                                                                             \
  X(kStepPhone, "您的手机号码", "Your mobile number")                                                                                \
  X(kStepName, "您的称呼（可以不填）", "Your name (optional)")                                                                       \
  X(kStepReview, "请核对", "Please check")                                                                                           \
  X(kNotSure, "不确定", "Not sure")                                                                                                  \
  X(kNotSureSub, "网格员会联系您确认", "The grid worker will call you")                                                              \
  X(kChooseCompound, "请选小区或楼栋", "Choose your compound or building")                                                           \
  X(kChooseInside, "请选楼栋或单元，或选整个", "Choose the building or unit, or all of it")                                          \
  X(kPreparingDemo, "正在准备示例数据", "Preparing the sample data")                                                                 \
  X(kPreparingDays, " 天", " days")                                                                                                  \
  X(kOpeningData, "正在打开数据，请稍候…", "Opening the data, please wait…")                                                         \
  X(kWholePlace, "整个", "All of ")                                                                                                  \
  X(kPlacePath, "位置：", "Place: ")                                                                                                 \
  X(kCrumbSep, " › ", " › ")                                                                                                         \
  X(kScrollMore, "向下滑动查看更多", "Slide down to see more")                                                                       \
  X(kScrollEnd, "已到最后，向上滑动回到前面", "End of the list: slide up to go back")                                                \
  X(kTapPhrases, "点选符合的描述（可多选）", "Tap what fits (one or more)")                                                          \
  X(kMoreWords, "补充说明（可以不填）", "More details (optional)")                                                                   \
  X(kPinyin, "拼音输入", "Pinyin")                                                                                                   \
  X(kHandwriting, "手写输入", "Handwriting")                                                                                         \
  X(kLetters, "拼音", "Letters")                                                                                                     \
  X(kSymbols, "123", "123")                                                                                                          \
  X(kClearAll, "全部清除", "Clear all")                                                                                              \
  X(kDelete, "删除", "Delete")                                                                                                       \
  X(kSpace, "空格", "Space")                                                                                                         \
  X(kWriteHere, "请在这里写一个字", "Write one character here")                                                                      \
  X(kRewrite, "重写", "Rewrite")                                                                                                     \
  X(kCandidates, "请选字：", "Pick:")                                                                                                \
  X(kNeedWhat, "请先点选一条描述，或写几个字", "First tap a description or write a few words")                                       \
  X(kPickFirst, "请先点选上面的字，或删除拼音",                                                                                      \
    "First pick a character above, or delete the letters")                                                                           \
  X(kPhoneHint, "11位手机号，网格员会打给您", "11 digits; the grid worker will call you")                                            \
  X(kPhoneInvalid, "手机号码不对：需要11位，以1开头。请改正后再点“下一步”。",                                                        \
    "Mobile number is wrong: it needs 11 digits starting with 1. Fix it, then tap Next.")                                            \
  X(kNameHint, "例如：王阿姨、李师傅", "e.g. Mrs Wang")                                                                              \
  X(kCategoryLabel, "问题类型", "Problem")                                                                                           \
  X(kWishLabel, "心愿类型", "Wish")                                                                                                  \
  X(kPlaceLabel, "地点", "Where")                                                                                                    \
  X(kWhatLabel, "情况", "What")                                                                                                      \
  X(kPhoneLabel, "电话", "Phone")                                                                                                    \
  X(kNameLabel, "称呼", "Name")                                                                                                      \
  X(kNone, "（未填写）", "(none)")                                                                                                   \
  X(kChange, "修改", "Change")                                                                                                       \
  X(kSubmit, "确认提交", "Submit")                                                                                                   \
  X(kSubmitting, "正在提交，请稍候…", "Sending, please wait…")                                                                       \
  X(kSubmitFailed, "提交没有成功。您填写的内容都还在。请点“再试一次”；如果还不行，请找工作人员。",                                   \
    "Sending failed. Everything you entered is kept. Tap Try again; if it still fails, ask the "                                     \
    "staff.")                                                                                                                        \
  X(kTryAgain, "再试一次", "Try again")                                                                                              \
  X(kReceiptTitle, "已经提交成功！", "Sent successfully!")                                                                           \
  X(kReceiptQueuedTitle, "已经保存，会自动提交", "Saved; it will be sent")                                                           \
  X(kReceiptQueued,                                                                                                                  \
    "网络暂时不通。您的诉求已保存在本机，网络恢复后自动提交，不会丢失。事项编号稍后生成：" \
    "请记好查询码，以后用手机号和查询码查询进度。",                                                                                  \
    "The network is down for a moment. Your request is saved on this kiosk and will be sent "                                        \
    "by itself as soon as it is back; nothing is lost. The case number comes later: keep the "                                       \
    "query code and look the case up with your phone number and this code.")                                                         \
  X(kCaseNumber, "事项编号", "Case number")                                                                                          \
  X(kQueryCode, "查询码", "Query code")                                                                                              \
  X(kKeepCode, "请拍照或记下编号和查询码，查询时要用",                                                                               \
    "Photo or note the number and code: you need them to check")                                                                     \
  X(kExpected, "预计答复时间", "Expected response by")                                                                               \
  X(kScanQr, "用手机扫码保存", "Scan to keep")                                                                                       \
  X(kDone, "完成", "Done")                                                                                                           \
  X(kLookupTitle, "查询我的事项", "Find my case")                                                                                    \
  X(kByCaseNumber, "用事项编号查", "By case number")                                                                                 \
  X(kByPhone, "用手机号查", "By mobile number")                                                                                      \
  X(kEnterCaseNumber, "请输入事项编号", "Enter the case number")                                                                     \
  X(kEnterPhone, "请输入手机号", "Enter your mobile number")                                                                         \
  X(kEnterCode, "请输入6位查询码", "Enter the 6-digit query code")                                                                   \
  X(kSearch, "查询", "Search")                                                                                                       \
  X(kSearching, "正在查询…", "Searching…")                                                                                           \
  X(kNotFound, "没有找到：编号或查询码不对。请核对收据后再输入。",                                                                   \
    "Not found: the number or query code is wrong. Check your receipt and enter again.")                                             \
  X(kLocked, "输错次数太多，这个事项暂时不能查询。请15分钟后再试，或找工作人员。",                                                   \
    "Too many wrong codes: this case is locked for now. Try again in 15 minutes or ask the "                                         \
    "staff.")                                                                                                                        \
  X(kLockedPhone, "输错次数太多，这个手机号暂时不能查询。请15分钟后再试，或找工作人员。",                                            \
    "Too many wrong codes: this mobile number is locked for now. Try again in 15 minutes or ask "                                    \
    "the staff.")                                                                                                                    \
  X(kTriesLeftBefore, "还可以试 ", "")                                                                                               \
  X(kTriesLeftAfter, " 次。", " more tries.")                                                                                        \
  X(kLookupFailed, "查询没有成功，请再试一次；如果还不行，请找工作人员。",                                                           \
    "The search failed. Try again; if it still fails, ask the staff.")                                                               \
  X(kStatus, "当前状态", "Status")                                                                                                   \
  X(kDeadline, "办理期限", "Deadline")                                                                                               \
  X(kLate, "已超期（正在督办）", "Late (being chased)")                                                                              \
  X(kOnTime, "未超期", "On time")                                                                                                    \
  X(kProgress, "办理经过", "What has happened")                                                                                      \
  X(kRateTitle, "问题解决了吗？请打分（5分最满意）", "Is it solved? Rate it (5 = very satisfied)")                                   \
  X(kRateStars, "分", "")                                                                                                            \
  X(kNotFixed, "没有解决", "Not fixed")                                                                                              \
  X(kThanksRated, "谢谢您的评价！", "Thank you for your rating!")                                                                    \
  X(kReopened, "已重新办理，网格员会再联系您。",                                                                                     \
    "Reopened: the grid worker will contact you again.")                                                                             \
  X(kOtherCases, "其他事项", "Other cases")                                                                                          \
  X(kYouHave, "您有", "You have")                                                                                                    \
  X(kCasesCount, "件事项，点下面的按钮看另一件", "cases; tap below to see another")                                                  \
  X(kRateFailed, "评价没有发送成功，请再点一次；如果还不行，请找工作人员。",                                                         \
    "The rating was not sent. Tap again; if it still fails, ask the staff.")                                                         \
  X(kClosedLate, "超期后办结", "Closed after the deadline")                                                                          \
  X(kClosedOnTime, "按期办结", "Closed on time")                                                                                     \
  X(kDiscardTitle, "要放弃已经填写的内容吗？", "Discard what you have entered?")                                                     \
  X(kDiscardExplain, "放弃后，要从头重新填写。",                                                                                     \
    "You would have to start again from the beginning.")                                                                             \
  X(kKeepFilling, "继续填写", "Keep going")                                                                                          \
  X(kDiscard, "放弃，回首页", "Discard and start over")                                                                              \
  X(kStillThere, "还在使用吗？", "Are you still there?")                                                                             \
  X(kContinue, "继续使用", "Continue")                                                                                               \
  X(kIdleExplain, "秒后回到首页，还没有提交的内容会被清除",                                                                          \
    "seconds until start; what has not been sent will be erased")                                                                    \
  X(kIdleExplainReceipt, "秒后回到首页。您的事项已经提交成功，不会丢失。",                                                           \
    "seconds until start. Your request has been sent and is kept.")                                                                  \
  X(kIdleExplainPrivacy, "秒后回到首页，屏幕上的内容会被清除，保护您的隐私",                                                         \
    "seconds until start; the screen is cleared to protect your privacy")                                                            \
  X(kPreparing, "正在准备，请稍候…", "Getting ready, please wait…")                                                                  \
  X(kNotReady, "系统还在准备，请稍候再点。", "Still getting ready. Please tap again in a moment.")                                   \
  X(kSelected, "已选", "Selected")                                                                                                   \
  X(kEmergencyTitle, "紧急情况，请马上打电话！", "Emergency: call now!")                                                             \
  X(kCall110, "报警：", "Police: ")                                                                                                  \
  X(kCall110Sub, "打架、偷盗、有人有危险", "Fights, theft, someone in danger")                                                       \
  X(kCall119, "火警：", "Fire: ")                                                                                                    \
  X(kCall119Sub, "着火、冒烟、燃气泄漏（先离开，不要开关电器）",                                                                     \
    "Fire, smoke, gas leak (leave first; do not touch switches)")                                                                    \
  X(kCall120, "急救：", "Ambulance: ")                                                                                               \
  X(kCall120Sub, "有人受伤、晕倒、病得很重", "Someone hurt, collapsed or very ill")                                                  \
  X(kTellStaff, "也可以马上告诉大厅里的工作人员，请他们帮忙。",                                                                      \
    "You can also tell the staff in this hall at once: they will help.")                                                             \
  X(kEmergencySpeech,                                                                                                                \
    "紧急情况请马上打电话。报警打110，火警打119，急救打120。也可以马上找大厅里的工作人员。",                                         \
    "This is an emergency: call now. Police 110, fire 119, ambulance 120. Or tell the staff in "                                     \
    "this hall.")                                                                                                                    \
  X(kEmergencyRecord, "已经打过电话，还要登记这件事", "I have called; also record it")                                               \
  X(kEmergencyRecordSub, "登记为紧急事项，网格员会尽快联系",                                                                         \
    "Recorded as urgent; the grid worker will call")                                                                                 \
  X(kUrgentNote, "紧急情况请直接拨打110、119、120", "In an emergency call 110, 119 or 120")                                          \
  X(kServiceDown, "系统暂时不能使用，请找工作人员帮忙。",                                                                            \
    "The system is not available right now. Please ask the staff.")                                                                  \
  X(kNoPlaces, "暂时没有小区信息，请选“不确定”", "No compounds yet: choose Not sure")

#define GL_KIOSK_DECLARE_TEXT(name, zh, en) inline constexpr Text name{zh, en};
GL_KIOSK_TEXTS(GL_KIOSK_DECLARE_TEXT)
#undef GL_KIOSK_DECLARE_TEXT
}  // namespace txt

// Every fixed text, for building font glyph ranges.
const std::vector<Text>& AllTexts();

}  // namespace gridledger::kiosk
