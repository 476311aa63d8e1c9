// The default service catalogue. Time limits follow the local rules quoted
// in DOMAIN.md: emergencies the same day; water/power/gas/heating within
// 24 h; general matters 7 days; complex ones 15 days; inquiries 3 working
// days; complaints 13 working days; exposed rubbish 4 working hours.
#include "gridledger/catalogue.h"

namespace gridledger {

const std::vector<ServiceCategory>& DefaultCatalogue() {
  static const std::vector<ServiceCategory> catalogue = {
      {"sewer",
       "下水道堵塞",
       "Blocked sewer",
       Priority::kUrgent,
       SlaUnit::kCalendarHours,
       24,
       {"下水道堵了", "污水冒出来了", "有臭味", "窨井盖坏了"},
       {"The sewer is blocked", "Sewage is overflowing", "It smells", "Manhole cover broken"}},
      {"utilities",
       "水电气暖",
       "Water, power, gas, heating",
       Priority::kUrgent,
       SlaUnit::kCalendarHours,
       24,
       {"停水了", "停电了", "暖气不热", "燃气有异味"},
       {"No water", "No power", "Heating is cold", "Gas smell"}},
      {"facilities",
       "公共设施损坏",
       "Broken public facility",
       Priority::kNormal,
       SlaUnit::kWorkingDays,
       7,
       {"路灯不亮", "健身器材坏了", "楼道灯坏了", "路面破损"},
       {"Street light out", "Fitness equipment broken", "Stairwell light broken", "Road damaged"}},
      {"noise",
       "噪音扰民",
       "Noise nuisance",
       Priority::kNormal,
       SlaUnit::kWorkingDays,
       7,
       {"夜间施工噪音", "广场舞声音太大", "商铺音响太吵", "宠物狗吠叫"},
       {"Construction at night", "Square dancing too loud", "Shop speakers too loud",
        "Dog barking"}},
      {"parking",
       "停车问题",
       "Parking",
       Priority::kNormal,
       SlaUnit::kWorkingDays,
       7,
       {"车辆堵塞消防通道", "乱停车", "电动车楼道充电", "僵尸车"},
       {"Car blocking fire lane", "Illegal parking", "E-bike charging in stairwell",
        "Abandoned car"}},
      {"sanitation",
       "环境卫生",
       "Sanitation",
       Priority::kNormal,
       SlaUnit::kWorkingHours,
       4,
       {"垃圾没人清运", "垃圾暴露", "有蟑螂老鼠", "楼道堆放杂物"},
       {"Rubbish not collected", "Exposed rubbish", "Cockroaches or rats", "Clutter in stairwell"}},
      {"property",
       "物业管理",
       "Property management",
       Priority::kNormal,
       SlaUnit::kWorkingDays,
       15,
       {"电梯故障", "物业不作为", "屋顶漏水", "门禁坏了"},
       {"Lift broken", "Property company does nothing", "Roof leaking", "Door entry broken"}},
      {"dispute",
       "邻里纠纷",
       "Neighbour dispute",
       Priority::kNormal,
       SlaUnit::kWorkingDays,
       15,
       {"楼上漏水到我家", "房租纠纷", "占用公共空间", "赡养纠纷"},
       {"Leak from upstairs", "Rent dispute", "Common space taken", "Elder support dispute"}},
      {"fire_hazard",
       "消防隐患",
       "Fire hazard",
       Priority::kEmergency,
       SlaUnit::kCalendarHours,
       8,
       {"灭火器过期", "消防栓没水", "安全出口堵塞", "楼道堆放易燃物"},
       {"Extinguisher expired", "Hydrant has no water", "Fire exit blocked",
        "Flammables in stairwell"}},
      {"complaint",
       "投诉",
       "Complaint",
       Priority::kNormal,
       SlaUnit::kWorkingDays,
       13,
       {"服务态度不好", "办事太慢", "问题反映多次没解决"},
       {"Rude service", "Too slow", "Reported many times, not solved"}},
      {"inquiry",
       "政策咨询",
       "Inquiry",
       Priority::kNormal,
       SlaUnit::kWorkingDays,
       3,
       {"医保怎么办理", "养老金资格认证", "办理居住证"},
       {"How to join medical insurance", "Pension certification", "Residence permit"},
       std::string(CategoryKindName(CategoryKind::kInquiry))},
      {"emergency",
       "紧急情况",
       "Emergency",
       Priority::kEmergency,
       SlaUnit::kCalendarHours,
       4,
       {"有人受伤", "老人独自在家无应答", "燃气泄漏"},
       {"Someone is hurt", "Elderly person alone not answering", "Gas leak"}},
      {"micro_wish",
       "微心愿",
       "Micro-wish",
       Priority::kNormal,
       SlaUnit::kWorkingDays,
       15,
       {"想要一副老花镜", "需要助行器", "希望有人陪聊", "孩子需要学习用品"},
       {"Reading glasses", "A walking frame", "Someone to talk to", "School supplies for a child"},
       std::string(CategoryKindName(CategoryKind::kMicroWish))},
  };
  return catalogue;
}

std::string_view CategoryKindName(CategoryKind kind) {
  return kCategoryKindNames.at(static_cast<size_t>(kind));
}

std::optional<CategoryKind> ParseCategoryKind(std::string_view name) {
  for (size_t i = 0; i < kCategoryKindNames.size(); ++i)
    if (kCategoryKindNames[i] == name) return static_cast<CategoryKind>(i);
  return std::nullopt;
}

CategoryKind CategoryKindOf(const ServiceCategory& category) {
  return ParseCategoryKind(category.kind).value_or(CategoryKind::kRequest);
}

const ServiceCategory* FindCategory(std::string_view code) {
  for (const auto& c : DefaultCatalogue())
    if (c.code == code) return &c;
  return nullptr;
}

}  // namespace gridledger
