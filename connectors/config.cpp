// Loading and checking partner mapping files (format: docs/partners.md).
#include <toml++/toml.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <system_error>

#include "connectors/internal/names.h"
#include "connectors/internal/transforms.h"
#include "connectors/partner.h"

namespace huicai::connectors {
namespace {

constexpr std::string_view kValidChecks[] = {"id_number", "credit_code", "bank_card", "mobile",
                                             "name",      "region",      "gender",    "required"};

// Collects "file:line: problem" messages.
class Problems {
 public:
  explicit Problems(std::string file) : file_(std::move(file)) {}
  void Add(const toml::node* node, const std::string& what) {
    std::string where = file_;
    if (node != nullptr && node->source().begin.line > 0) {
      where += ":" + std::to_string(node->source().begin.line);
    }
    if (message_.empty()) message_ = where + ": " + what;
  }
  bool empty() const { return message_.empty(); }
  Status ToStatus() const {
    return Status::InvalidArgument(message_ + " (see docs/partners.md for the mapping format)");
  }

 private:
  std::string file_;
  std::string message_;
};

std::optional<std::string> GetString(const toml::table& table, std::string_view key, bool required,
                                     Problems& problems) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    if (required) problems.Add(&table, "missing setting '" + std::string(key) + "'");
    return std::nullopt;
  }
  auto value = node->value<std::string>();
  if (!value) problems.Add(node, "'" + std::string(key) + "' must be a string");
  return value;
}

std::vector<std::string> GetStrings(const toml::table& table, std::string_view key,
                                    Problems& problems) {
  std::vector<std::string> out;
  const toml::node* node = table.get(key);
  if (node == nullptr) return out;
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    problems.Add(node, "'" + std::string(key) + "' must be an array of strings");
    return out;
  }
  for (const toml::node& element : *array) {
    auto value = element.value<std::string>();
    if (!value) {
      problems.Add(&element, std::string("'").append(key).append("' must hold only strings"));
      continue;
    }
    out.push_back(*value);
  }
  return out;
}

void CheckKeys(const toml::table& table, std::initializer_list<std::string_view> allowed,
               std::string_view where, Problems& problems) {
  for (const auto& [key, node] : table) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end()) {
      problems.Add(&node,
                   "unknown setting '" + std::string(key.str()) + "' in " + std::string(where));
    }
  }
}

void CheckIdentifier(const toml::table& table, std::string_view key, const std::string& value,
                     Problems& problems) {
  if (!internal::IsIdentifier(value)) {
    problems.Add(table.get(key), "'" + std::string(key) + "' = '" + value +
                                     "' is not a plain identifier (letters, digits, underscore)");
  }
}

void ParseCodeTables(const toml::table& root, PartnerConfig& config, Problems& problems) {
  const toml::node* node = root.get("code_tables");
  if (node == nullptr) return;
  const toml::table* tables = node->as_table();
  if (tables == nullptr) {
    problems.Add(node, "'code_tables' must be a table of tables");
    return;
  }
  for (const auto& [name, sub] : *tables) {
    const toml::table* codes = sub.as_table();
    if (codes == nullptr) {
      problems.Add(&sub, "code table '" + std::string(name.str()) + "' must be a table");
      continue;
    }
    auto& out = config.code_tables[std::string(name.str())];
    for (const auto& [code, value] : *codes) {
      auto text = value.value<std::string>();
      if (!text) {
        problems.Add(&value, "code '" + std::string(code.str()) + "' in table '" +
                                 std::string(name.str()) + "' must map to a string");
        continue;
      }
      out[std::string(code.str())] = *text;
    }
  }
}

void ParseFields(const toml::table& root, PartnerConfig& config, Problems& problems) {
  const toml::node* node = root.get("fields");
  const toml::array* fields = node != nullptr ? node->as_array() : nullptr;
  if (fields == nullptr || fields->empty()) {
    problems.Add(node != nullptr ? node : &root, "missing [[fields]]: map at least one column");
    return;
  }
  std::set<std::string> targets;
  for (const toml::node& element : *fields) {
    const toml::table* table = element.as_table();
    if (table == nullptr) {
      problems.Add(&element, "each entry of 'fields' must be a table ([[fields]])");
      continue;
    }
    CheckKeys(*table, {"target", "column", "transforms", "checks", "required"}, "[[fields]]",
              problems);
    FieldMapping field;
    field.target = GetString(*table, "target", true, problems).value_or("");
    field.column = GetString(*table, "column", true, problems).value_or("");
    field.transforms = GetStrings(*table, "transforms", problems);
    field.checks = GetStrings(*table, "checks", problems);
    if (const toml::node* required = table->get("required")) {
      auto flag = required->value<bool>();
      if (!flag) problems.Add(required, "'required' must be true or false");
      field.required = flag.value_or(false);
    }
    if (!field.column.empty()) CheckIdentifier(*table, "column", field.column, problems);
    if (field.target.empty()) problems.Add(table, "a field has an empty 'target'");
    if (!targets.insert(field.target).second) {
      problems.Add(table, "target '" + field.target + "' is mapped twice");
    }
    for (const std::string& transform : field.transforms) {
      if (!internal::IsKnownTransform(transform, config.code_tables)) {
        problems.Add(table->get("transforms"),
                     "unknown transform '" + transform + "' for target '" + field.target +
                         "' (a code:<table> needs [code_tables.<table>])");
      }
    }
    for (const std::string& check : field.checks) {
      if (std::find(std::begin(kValidChecks), std::end(kValidChecks), check) ==
          std::end(kValidChecks)) {
        problems.Add(table->get("checks"),
                     "unknown check '" + check + "' for target '" + field.target + "'");
      }
    }
    config.fields.push_back(std::move(field));
  }
}

Result<PartnerConfig> FromTable(const toml::table& root, const std::filesystem::path& file) {
  Problems problems(file.string());
  CheckKeys(root,
            {"name", "title", "kind", "connection", "table", "key_columns", "key_types",
             "watermark_column", "watermark_type", "batch_rows", "fields", "code_tables",
             "tombstone_column", "tombstone_values"},
            "the top level", problems);
  PartnerConfig config;
  config.name = GetString(root, "name", false, problems).value_or(file.stem().string());
  config.title = GetString(root, "title", false, problems).value_or(config.name);
  config.kind = GetString(root, "kind", true, problems).value_or("");
  config.connection = GetString(root, "connection", false, problems)
                          .value_or("DRIVER=SQLite3;Database=${HUICAI_PARTNER_DIR}/" + config.name +
                                    ".db;NoCreat=1;StepAPI=1");
  config.table = GetString(root, "table", true, problems).value_or("");
  if (!config.table.empty()) CheckIdentifier(root, "table", config.table, problems);
  config.key_columns = GetStrings(root, "key_columns", problems);
  if (config.key_columns.empty()) {
    problems.Add(root.get("key_columns") ? root.get("key_columns") : &root,
                 "'key_columns' must name at least one column");
  }
  for (const std::string& column : config.key_columns) {
    CheckIdentifier(root, "key_columns", column, problems);
  }
  config.key_types = GetStrings(root, "key_types", problems);
  if (config.key_types.empty()) config.key_types.assign(config.key_columns.size(), "text");
  if (config.key_types.size() != config.key_columns.size()) {
    problems.Add(root.get("key_types"), "'key_types' needs one entry per key column");
  }
  for (const std::string& type : config.key_types) {
    if (type != "text" && type != "integer") {
      problems.Add(root.get("key_types"), "key type '" + type + "' is not 'text' or 'integer'");
    }
  }
  config.watermark_column = GetString(root, "watermark_column", true, problems).value_or("");
  if (!config.watermark_column.empty()) {
    CheckIdentifier(root, "watermark_column", config.watermark_column, problems);
  }
  config.watermark_type = GetString(root, "watermark_type", false, problems).value_or("text");
  config.tombstone_column = GetString(root, "tombstone_column", false, problems).value_or("");
  config.tombstone_values = GetStrings(root, "tombstone_values", problems);
  if (!config.tombstone_column.empty() && config.tombstone_values.empty()) {
    problems.Add(root.get("tombstone_column"),
                 "'tombstone_column' needs 'tombstone_values' (the values that mark a deletion)");
  }
  if (config.watermark_type != "text" && config.watermark_type != "integer") {
    problems.Add(root.get("watermark_type"), "'watermark_type' must be 'text' or 'integer'");
  }
  if (const toml::node* rows = root.get("batch_rows")) {
    auto value = rows->value<std::int64_t>();
    if (!value || *value < 1 || *value > 100000) {
      problems.Add(rows, "'batch_rows' must be an integer from 1 to 100000");
    } else {
      config.batch_rows = static_cast<size_t>(*value);
    }
  }
  if (config.name.empty()) problems.Add(&root, "'name' is empty");
  ParseCodeTables(root, config, problems);
  ParseFields(root, config, problems);
  if (!problems.empty()) return problems.ToStatus();
  return config;
}

}  // namespace

Result<PartnerConfig> LoadPartnerConfig(const std::filesystem::path& toml_file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(toml_file, ec)) {
    return Status::NotFound("partner mapping " + toml_file.string() +
                            " does not exist or is not a file");
  }
  try {
    toml::table root = toml::parse_file(toml_file.string());
    return FromTable(root, toml_file);
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(toml_file.string() + ":" +
                                   std::to_string(e.source().begin.line) + ": " +
                                   std::string(e.description()) + " (fix the TOML syntax)");
  } catch (const std::exception& e) {
    return Status::InvalidArgument(toml_file.string() + ": cannot be read: " + e.what());
  }
}

Result<std::vector<PartnerConfig>> LoadPartnerConfigs(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Status::NotFound("partner mapping folder " + dir.string() + " is not a directory");
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  if (ec) {
    return Status::InvalidArgument("cannot list " + dir.string() + ": " + ec.message());
  }
  std::vector<PartnerConfig> configs;
  for (const auto& file : files) {
    HUICAI_ASSIGN_OR_RETURN(PartnerConfig config, LoadPartnerConfig(file));
    configs.push_back(std::move(config));
  }
  std::sort(configs.begin(), configs.end(),
            [](const PartnerConfig& a, const PartnerConfig& b) { return a.name < b.name; });
  for (size_t i = 1; i < configs.size(); ++i) {
    if (configs[i].name == configs[i - 1].name) {
      return Status::InvalidArgument("two mapping files in " + dir.string() + " declare partner '" +
                                     configs[i].name + "'");
    }
  }
  return configs;
}

Result<std::string> ExpandEnvironment(std::string_view text) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = text.find("${", pos);
    if (start == std::string_view::npos) {
      out.append(text.substr(pos));
      break;
    }
    out.append(text.substr(pos, start - pos));
    const size_t end = text.find('}', start + 2);
    if (end == std::string_view::npos) {
      return Status::InvalidArgument("'${' without a closing '}' in a connection string");
    }
    const std::string name(text.substr(start + 2, end - start - 2));
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
      return Status::InvalidArgument("environment variable " + name +
                                     " is not set; set it before reading the partner");
    }
    out.append(value);
    pos = end + 1;
  }
  return out;
}

std::string EncodeCheckpoint(const Checkpoint& checkpoint) {
  if (checkpoint.watermark.empty() && checkpoint.key.empty()) return "";
  return std::to_string(checkpoint.watermark.size()) + ":" + checkpoint.watermark + "|" +
         checkpoint.key;
}

Result<Checkpoint> DecodeCheckpoint(std::string_view text) {
  if (text.empty()) return Checkpoint{};
  const size_t colon = text.find(':');
  size_t length = 0;
  bool digits = colon != std::string_view::npos && colon > 0 && colon <= 9;
  for (size_t i = 0; digits && i < colon; ++i) {
    if (text[i] < '0' || text[i] > '9')
      digits = false;
    else
      length = length * 10 + static_cast<size_t>(text[i] - '0');
  }
  if (!digits || colon + 1 + length >= text.size() || text[colon + 1 + length] != '|') {
    return Status::DataError(
        "stored checkpoint is not in the form <n>:<watermark>|<key>; "
        "reset the partner's checkpoint to re-read it from the start");
  }
  Checkpoint checkpoint;
  checkpoint.watermark = std::string(text.substr(colon + 1, length));
  checkpoint.key = std::string(text.substr(colon + 2 + length));
  return checkpoint;
}

}  // namespace huicai::connectors
