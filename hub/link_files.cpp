// hub: linking two CSV files under a TOML mapping (see link_files.h).
#include "hub/link_files.h"

#include <toml++/toml.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "core/csv.h"
#include "core/text.h"
#include "matcher/field_linkage.h"

namespace huicai::hub {
namespace {

struct ColumnPair {
  std::string left, right;
};

struct Truth {
  ColumnPair columns;
  std::optional<std::regex> pattern;
};

struct Mapping {
  ColumnPair key;
  std::vector<ColumnPair> field_columns;  // per options.fields
  matcher::FieldLinkageOptions options;
  std::optional<Truth> truth;
  CsvOptions csv;
};

const std::set<std::string> kTopKeys = {
    "key",       "fields",     "blocking",       "link_probability", "review_probability",
    "truth",     "one_to_one", "max_block_size", "u_sample_pairs",   "em_iterations",
    "separator", "trim"};
const std::set<std::string> kFieldKeys = {"name", "comparator", "column",
                                          "left", "right",      "format"};

std::string Join(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

class MappingReader {
 public:
  explicit MappingReader(std::string file) : file_(std::move(file)) {}

  Status Bad(const std::string& key, const std::string& what) const {
    return Status::InvalidArgument("mapping " + file_ + ": " + key + " " + what);
  }

  Status CheckKeys(const toml::table& table, const std::set<std::string>& allowed,
                   const std::string& where) const {
    for (const auto& [k, v] : table) {
      if (!allowed.contains(std::string(k.str()))) {
        return Bad(where + std::string(k.str()), "is not a mapping key; allowed: " + Join(allowed));
      }
    }
    return Status::Ok();
  }

  Result<std::string> String(const toml::node* node, const std::string& key) const {
    if (node == nullptr) return Bad(key, "is missing");
    auto v = node->value<std::string>();
    if (!v || v->empty()) return Bad(key, "must be a non-empty string");
    return *v;
  }

  // "col" (both sides) or { left = "a", right = "b" }.
  Result<ColumnPair> Columns(const toml::node* node, const std::string& key) const {
    if (node == nullptr) return Bad(key, "is missing");
    if (auto v = node->value<std::string>(); v && !v->empty()) return ColumnPair{*v, *v};
    if (const auto* t = node->as_table()) {
      HUICAI_RETURN_IF_ERROR(CheckKeys(*t, {"left", "right", "pattern"}, key + "."));
      HUICAI_ASSIGN_OR_RETURN(std::string left, String(t->get("left"), key + ".left"));
      HUICAI_ASSIGN_OR_RETURN(std::string right, String(t->get("right"), key + ".right"));
      return ColumnPair{left, right};
    }
    return Bad(key, "must be a column name or a table { left = \"...\", right = \"...\" }");
  }

  template <typename T>
  Status Number(const toml::table& table, const std::string& key, T& out, double lo,
                double hi) const {
    const toml::node* node = table.get(key);
    if (node == nullptr) return Status::Ok();
    std::optional<double> v = node->value<double>();
    if (!v || !(*v >= lo && *v <= hi) || (std::is_integral_v<T> && std::floor(*v) != *v)) {
      return Bad(key, std::string("must be ") +
                          (std::is_integral_v<T> ? "an integer" : "a number") + " in [" +
                          std::to_string(lo) + ", " + std::to_string(hi) + "]");
    }
    out = static_cast<T>(*v);
    return Status::Ok();
  }

  Result<Mapping> Read(const toml::table& root) const {
    Mapping m;
    HUICAI_RETURN_IF_ERROR(CheckKeys(root, kTopKeys, ""));
    HUICAI_ASSIGN_OR_RETURN(m.key, Columns(root.get("key"), "key"));
    auto& o = m.options;
    HUICAI_RETURN_IF_ERROR(Number(root, "link_probability", o.link_probability, 0, 1));
    HUICAI_RETURN_IF_ERROR(Number(root, "review_probability", o.review_probability, 0, 1));
    HUICAI_RETURN_IF_ERROR(Number(root, "max_block_size", o.max_block_size, 2, 1e7));
    HUICAI_RETURN_IF_ERROR(Number(root, "u_sample_pairs", o.u_sample_pairs, 0, 1e9));
    HUICAI_RETURN_IF_ERROR(Number(root, "em_iterations", o.em_iterations, 0, 1e5));
    if (const toml::node* n = root.get("one_to_one")) {
      auto v = n->value<bool>();
      if (!v) return Bad("one_to_one", "must be true or false");
      o.one_to_one = *v;
    }
    if (const toml::node* n = root.get("trim")) {
      auto v = n->value<bool>();
      if (!v) return Bad("trim", "must be true or false");
      m.csv.trim_cells = *v;
    }
    if (const toml::node* n = root.get("separator")) {
      auto v = n->value<std::string>();
      if (!v || v->size() != 1 || *v == "\"" || *v == "\n") {
        return Bad("separator", "must be one character such as \",\" \";\" or \"\\t\"");
      }
      m.csv.separator = v->front();
    }
    HUICAI_RETURN_IF_ERROR(ReadFields(root, m));
    HUICAI_RETURN_IF_ERROR(ReadBlocking(root, m));
    if (const toml::node* n = root.get("truth")) {
      Truth truth;
      HUICAI_ASSIGN_OR_RETURN(truth.columns, Columns(n, "truth"));
      if (const auto* t = n->as_table(); t && t->get("pattern")) {
        HUICAI_ASSIGN_OR_RETURN(std::string pattern, String(t->get("pattern"), "truth.pattern"));
        try {
          truth.pattern.emplace(pattern, std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
          return Bad("truth.pattern", "'" + pattern + "' is not a regular expression: " + e.what());
        }
      }
      m.truth = std::move(truth);
    }
    return m;
  }

 private:
  Status ReadFields(const toml::table& root, Mapping& m) const {
    const toml::array* fields = root.get("fields") ? root.get("fields")->as_array() : nullptr;
    if (fields == nullptr || fields->empty()) {
      return Bad("fields", "must be a non-empty array of tables ([[fields]] name, comparator)");
    }
    for (std::size_t i = 0; i < fields->size(); ++i) {
      const std::string where = "fields[" + std::to_string(i) + "]";
      const toml::table* t = fields->get(i)->as_table();
      if (t == nullptr) return Bad(where, "must be a table");
      HUICAI_RETURN_IF_ERROR(CheckKeys(*t, kFieldKeys, where + "."));
      matcher::FieldSpec spec;
      HUICAI_ASSIGN_OR_RETURN(spec.name, String(t->get("name"), where + ".name"));
      HUICAI_ASSIGN_OR_RETURN(std::string comparator,
                              String(t->get("comparator"), where + ".comparator"));
      auto c = matcher::ParseComparator(comparator);
      if (!c) {
        return Bad(where + ".comparator", "'" + comparator +
                                              "' is not a comparator; allowed: name, text, date, "
                                              "identifier, exact");
      }
      spec.comparator = *c;
      if (const toml::node* f = t->get("format")) {
        HUICAI_ASSIGN_OR_RETURN(std::string format, String(f, where + ".format"));
        auto df = matcher::ParseDateFormat(format);
        if (!df || spec.comparator != matcher::Comparator::kDate) {
          return Bad(where + ".format",
                     "'" + format +
                         "' is not allowed; a date field takes YYYYMMDD, YYYY-MM-DD, DD/MM/YYYY or "
                         "MM/DD/YYYY");
        }
        spec.date_format = *df;
      }
      ColumnPair columns{spec.name, spec.name};
      if (t->get("column")) {
        HUICAI_ASSIGN_OR_RETURN(columns, Columns(t->get("column"), where + ".column"));
      }
      if (t->get("left")) {
        HUICAI_ASSIGN_OR_RETURN(columns.left, String(t->get("left"), where + ".left"));
      }
      if (t->get("right")) {
        HUICAI_ASSIGN_OR_RETURN(columns.right, String(t->get("right"), where + ".right"));
      }
      m.options.fields.push_back(std::move(spec));
      m.field_columns.push_back(std::move(columns));
    }
    return Status::Ok();
  }

  Status ReadBlocking(const toml::table& root, Mapping& m) const {
    const toml::array* rules = root.get("blocking") ? root.get("blocking")->as_array() : nullptr;
    if (rules == nullptr || rules->empty()) {
      return Bad("blocking", "must be a non-empty array of tables ([[blocking]] keys = [...])");
    }
    for (std::size_t i = 0; i < rules->size(); ++i) {
      const std::string where = "blocking[" + std::to_string(i) + "]";
      const toml::table* t = rules->get(i)->as_table();
      if (t == nullptr) return Bad(where, "must be a table with keys = [\"field[:transform]\"]");
      HUICAI_RETURN_IF_ERROR(CheckKeys(*t, {"name", "keys"}, where + "."));
      matcher::FieldBlockingRule rule;
      rule.name = where;
      if (t->get("name")) {
        HUICAI_ASSIGN_OR_RETURN(rule.name, String(t->get("name"), where + ".name"));
      }
      const toml::array* keys = t->get("keys") ? t->get("keys")->as_array() : nullptr;
      if (keys == nullptr || keys->empty()) {
        return Bad(where + ".keys", "must be a non-empty array such as [\"surname:soundex\"]");
      }
      for (std::size_t k = 0; k < keys->size(); ++k) {
        HUICAI_ASSIGN_OR_RETURN(std::string text, String(keys->get(k), where + ".keys"));
        auto key = matcher::ParseBlockKey(text);
        if (!key.ok()) return Bad(where + ".keys", key.error().message());
        rule.keys.push_back(std::move(key).value());
      }
      m.options.blocking.push_back(std::move(rule));
    }
    return Status::Ok();
  }

  std::string file_;
};

Result<Mapping> LoadMapping(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) {
    return Status::NotFound("mapping file " + file.string() + " does not exist");
  }
  toml::table root;
  try {
    root = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    std::ostringstream where;
    where << file.string() << ":" << e.source().begin.line << ":" << e.source().begin.column;
    return Status::InvalidArgument("mapping " + where.str() + ": " + std::string(e.description()));
  }
  return MappingReader(file.string()).Read(root);
}

Result<CsvTable> LoadCsv(const std::filesystem::path& file, const CsvOptions& options) {
  if (!std::filesystem::exists(file)) {
    return Status::NotFound("input file " + file.string() + " does not exist");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::Unavailable("cannot open " + file.string() + " for reading");
  return ReadCsv(in, file.string(), options);
}

Result<std::size_t> Column(const CsvTable& table, const std::filesystem::path& file,
                           const std::string& column, const std::string& used_as) {
  if (auto index = table.ColumnIndex(column)) return *index;
  std::string have;
  for (const auto& c : table.columns) have += (have.empty() ? "" : ", ") + c;
  return Status::InvalidArgument(file.string() + " has no column '" + column + "' (mapping " +
                                 used_as + "); its columns are: " + have);
}

// The mapped field values of every row, in mapping order, and the key and truth columns.
struct Side {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> keys;
  std::vector<std::string> truth;  // empty when there is no truth
};

Result<Side> Extract(const CsvTable& table, const std::filesystem::path& file, const Mapping& m,
                     bool left) {
  auto pick = [left](const ColumnPair& c) { return left ? c.left : c.right; };
  HUICAI_ASSIGN_OR_RETURN(const std::size_t key, Column(table, file, pick(m.key), "key"));
  std::vector<std::size_t> fields;
  for (std::size_t f = 0; f < m.field_columns.size(); ++f) {
    HUICAI_ASSIGN_OR_RETURN(
        const std::size_t c,
        Column(table, file, pick(m.field_columns[f]), "field '" + m.options.fields[f].name + "'"));
    fields.push_back(c);
  }
  std::optional<std::size_t> truth;
  if (m.truth) {
    HUICAI_ASSIGN_OR_RETURN(truth, Column(table, file, pick(m.truth->columns), "truth"));
  }
  Side side;
  side.rows.reserve(table.rows.size());
  for (const auto& row : table.rows) {
    std::vector<std::string> values;
    values.reserve(fields.size());
    for (std::size_t c : fields) values.push_back(row[c]);
    side.rows.push_back(std::move(values));
    side.keys.push_back(row[key]);
    if (truth) {
      const std::string& value = row[*truth];
      std::smatch match;
      if (!m.truth->pattern) {
        side.truth.push_back(value);
      } else if (std::regex_search(value, match, *m.truth->pattern)) {
        side.truth.push_back(match.size() > 1 ? match[1].str() : match[0].str());
      } else {
        side.truth.emplace_back();  // no entity: matches nothing
      }
    }
  }
  return side;
}

LinkQuality Score(const Side& left, const Side& right, std::span<const matcher::FieldPair> pairs) {
  LinkQuality q;
  std::map<std::string, std::size_t> right_count;
  for (const auto& t : right.truth) {
    if (!t.empty()) ++right_count[t];
  }
  for (const auto& t : left.truth) {
    if (auto it = right_count.find(t); !t.empty() && it != right_count.end()) {
      q.true_pairs += it->second;
    }
  }
  std::size_t links = 0;
  for (const auto& p : pairs) {
    if (p.decision != matcher::PairDecision::kLink) continue;
    ++links;
    const std::string& t = left.truth[p.left];
    if (!t.empty() && t == right.truth[p.right]) ++q.true_links;
  }
  q.precision = links ? static_cast<double>(q.true_links) / static_cast<double>(links) : 0;
  q.recall =
      q.true_pairs ? static_cast<double>(q.true_links) / static_cast<double>(q.true_pairs) : 0;
  q.f1 = q.precision + q.recall > 0 ? 2 * q.precision * q.recall / (q.precision + q.recall) : 0;
  return q;
}

Status WritePairs(const std::filesystem::path& out, const Side& left, const Side& right,
                  std::span<const matcher::FieldPair> pairs) {
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  if (!file) return Status::Unavailable("cannot write " + out.string() + "; check the folder");
  file << "left_key,right_key,weight,probability,decision\n";
  char numbers[64];
  for (const auto& p : pairs) {
    std::snprintf(numbers, sizeof numbers, ",%.4f,%.6f,", p.weight, p.probability);
    file << CsvCell(left.keys[p.left]) << ',' << CsvCell(right.keys[p.right]) << numbers
         << matcher::PairDecisionName(p.decision) << '\n';
  }
  file.close();
  if (!file) return Status::Unavailable("writing " + out.string() + " failed (disk full?)");
  return Status::Ok();
}

}  // namespace

Result<LinkFilesReport> LinkFiles(const LinkFilesOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  HUICAI_ASSIGN_OR_RETURN(Mapping mapping, LoadMapping(options.mapping));
  mapping.options.threads = options.threads;
  HUICAI_ASSIGN_OR_RETURN(const CsvTable left_table, LoadCsv(options.left, mapping.csv));
  HUICAI_ASSIGN_OR_RETURN(const CsvTable right_table, LoadCsv(options.right, mapping.csv));
  HUICAI_ASSIGN_OR_RETURN(const Side left, Extract(left_table, options.left, mapping, true));
  HUICAI_ASSIGN_OR_RETURN(const Side right, Extract(right_table, options.right, mapping, false));

  auto linked = matcher::LinkFields(left.rows, right.rows, mapping.options);
  if (!linked.ok()) return linked.error().WithContext("linking " + options.mapping.string());
  const matcher::FieldLinkageResult& result = *linked;
  HUICAI_RETURN_IF_ERROR(WritePairs(options.out, left, right, result.pairs));

  LinkFilesReport report;
  report.left_records = left.rows.size();
  report.right_records = right.rows.size();
  report.candidate_pairs = result.candidate_pairs;
  for (const auto& p : result.pairs) {
    (p.decision == matcher::PairDecision::kLink ? report.links : report.reviews) += 1;
  }
  for (const auto& field : result.model.fields) {
    LinkFieldReport f{field.field, {}};
    for (const auto& l : field.levels)
      f.levels.push_back({l.level, l.m, l.u, std::log2(l.m / l.u)});
    report.model.push_back(std::move(f));
  }
  report.prior = result.model.prior;
  report.fitted = result.fitted;
  report.skipped_blocks = result.skipped_blocks;
  if (mapping.truth) report.quality = Score(left, right, result.pairs);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace huicai::hub
