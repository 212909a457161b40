// hub: search-box field prefixes (see query_syntax.h).
#include "hub/query_syntax.h"

#include <array>
#include <cctype>
#include <utility>
#include <vector>

#include "core/text.h"

namespace huicai::hub {
namespace {

enum class Field { kRegion, kTier, kDiscipline, kKind };

constexpr std::array<std::pair<std::string_view, Field>, 8> kPrefixes = {{
    {"地区", Field::kRegion},
    {"region", Field::kRegion},
    {"等级", Field::kTier},
    {"tier", Field::kTier},
    {"学科", Field::kDiscipline},
    {"discipline", Field::kDiscipline},
    {"类型", Field::kKind},
    {"kind", Field::kKind},
}};

// Splits on ASCII and ideographic spaces.
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == ' ' || text[i] == '\t') {
      if (!word.empty()) out.push_back(std::move(word));
      word.clear();
      ++i;
    } else if (text.substr(i, 3) == "\u3000") {
      if (!word.empty()) out.push_back(std::move(word));
      word.clear();
      i += 3;
    } else {
      word += text[i++];
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

Status Set(std::string& slot, const std::string& value, std::string_view word) {
  if (!slot.empty() && slot != value) {
    return Status::InvalidArgument("\"" + std::string(word) + "\": that field is given twice (" +
                                   slot + " and " + value + "); keep one");
  }
  slot = value;
  return Status::Ok();
}

}  // namespace

Result<QueryFields> ParseQueryFields(std::string_view text) {
  QueryFields out;
  std::string tier_text;
  for (const std::string& raw : Words(text)) {
    // "地区：临沂" and "地区:临沂" alike.
    std::string word = raw;
    for (size_t at; (at = word.find("\uff1a")) != std::string::npos;) word.replace(at, 3, ":");
    const size_t colon = word.find(':');
    std::optional<Field> field;
    if (colon != std::string::npos) {
      std::string prefix = word.substr(0, colon);
      for (char& c : prefix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      for (const auto& [name, f] : kPrefixes) {
        if (prefix == name) field = f;
      }
    }
    if (!field) {
      out.text += (out.text.empty() ? "" : " ") + raw;
      continue;
    }
    const std::string value = word.substr(colon + 1);
    if (value.empty()) {
      return Status::InvalidArgument("\"" + raw +
                                     "\" has no value; write it as 地区:临沂, "
                                     "等级:A, 学科:210 or 类型:政策 (no space after the colon)");
    }
    switch (*field) {
      case Field::kRegion:
        HUICAI_RETURN_IF_ERROR(Set(out.region, value, raw));
        break;
      case Field::kTier: {
        const auto tier = ParseTalentTier(value);
        if (!tier || *tier == TalentTier::kNone) {
          return Status::InvalidArgument("\"" + raw + "\": a tier is A, B, C or D");
        }
        HUICAI_RETURN_IF_ERROR(Set(tier_text, std::string(TalentTierName(*tier)), raw));
        out.tier = tier;
        break;
      }
      case Field::kDiscipline:
        for (char c : value) {
          if (c < '0' || c > '9') {
            return Status::InvalidArgument("\"" + raw +
                                           "\": a field is a GB/T 13745 code prefix, digits "
                                           "such as 210 (农学) or 21020");
          }
        }
        HUICAI_RETURN_IF_ERROR(Set(out.discipline, value, raw));
        break;
      case Field::kKind: {
        std::string kind;
        if (value == "talent" || value == "人才" || value == "专家") kind = "talent";
        if (value == "policy" || value == "政策") kind = "policy";
        if (value == "need" || value == "需求") kind = "need";
        if (value == "project" || value == "项目") kind = "project";
        if (value == "activity" || value == "活动") kind = "activity";
        if (auto station = ParseStationKind(value)) kind = StationKindName(*station);
        if (kind.empty()) {
          return Status::InvalidArgument("\"" + raw +
                                         "\": the kind is 人才/talent, 需求/need, 项目/project, "
                                         "活动/activity, 驿站/station, 基地/base or 政策/policy");
        }
        HUICAI_RETURN_IF_ERROR(Set(out.kind, kind, raw));
        break;
      }
    }
  }
  return out;
}

Status TakeTypedField(std::string& slot, const std::string& typed, std::string_view what) {
  if (typed.empty()) return Status::Ok();
  if (!slot.empty() && slot != typed) {
    return Status::InvalidArgument(std::string(what) + " is given twice (" + slot + " and " +
                                   typed + "); keep one");
  }
  slot = typed;
  return Status::Ok();
}

}  // namespace huicai::hub
