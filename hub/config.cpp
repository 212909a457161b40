#include "hub/config.h"

#include <toml++/toml.h>

#include <sstream>

#include "connectors/partner.h"
#include "core/config_dir.h"
#include "core/service.h"

namespace huicai::hub {

namespace {

std::filesystem::path Resolve(const std::filesystem::path& base, const std::filesystem::path& p) {
  return p.is_absolute() ? p : base / p;
}

}  // namespace

HubConfig DefaultConfig(const std::filesystem::path& base) {
  HubConfig config;
  config.store_connection =
      "DRIVER=SQLite3;Database=" + (base / "var/hub.db").string() + ";Timeout=10000";
  config.partner_mappings = ConfigDir() / "partners";
  config.partner_data = Resolve(base, config.partner_data);
  config.index_dir = Resolve(base, config.index_dir);
  config.lookup_key_file = Resolve(base, config.lookup_key_file);
  return config;
}

Result<HubConfig> LoadConfig(const std::filesystem::path& file, const std::filesystem::path& base) {
  if (!std::filesystem::exists(file)) {
    return Status::NotFound("config file " + file.string() + " does not exist");
  }
  toml::table table;
  try {
    table = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    std::ostringstream where;
    where << file.string() << ":" << e.source().begin.line << ":" << e.source().begin.column;
    return Status::InvalidArgument(where.str() + ": " + std::string(e.description()));
  }
  HubConfig config = DefaultConfig(base);
  config.file = file;
  std::string error;
  auto get_string = [&](std::string_view section, std::string_view key, std::string& out) {
    auto node = table[section][key];
    if (!node) return;
    if (auto v = node.value<std::string>()) {
      out = *v;
    } else {
      error = std::string(section) + "." + std::string(key) + " must be a string";
    }
  };
  auto get_path = [&](std::string_view section, std::string_view key, std::filesystem::path& out) {
    std::string text;
    get_string(section, key, text);
    if (!text.empty()) out = Resolve(base, text);
  };
  auto get_double = [&](std::string_view section, std::string_view key, double& out) {
    auto node = table[section][key];
    if (!node) return;
    if (auto v = node.value<double>()) {
      out = *v;
    } else {
      error = std::string(section) + "." + std::string(key) + " must be a number";
    }
  };
  auto get_bool = [&](std::string_view section, std::string_view key, bool& out) {
    auto node = table[section][key];
    if (!node) return;
    if (auto v = node.value<bool>()) {
      out = *v;
    } else {
      error = std::string(section) + "." + std::string(key) + " must be true or false";
    }
  };
  auto get_int = [&](std::string_view section, std::string_view key, auto& out) {
    auto node = table[section][key];
    if (!node) return;
    if (auto v = node.value<std::int64_t>(); v && *v >= 0) {
      out = static_cast<std::remove_reference_t<decltype(out)>>(*v);
    } else {
      error = std::string(section) + "." + std::string(key) + " must be a non-negative integer";
    }
  };

  std::string connection;
  get_string("store", "connection", connection);
  if (!connection.empty()) {
    HUICAI_ASSIGN_OR_RETURN(config.store_connection, connectors::ExpandEnvironment(connection));
    // A relative SQLite file is taken from `base`, like every other relative path.
    const std::string key = "Database=";
    auto pos = config.store_connection.find(key);
    if (config.store_connection.find("SQLite") != std::string::npos && pos != std::string::npos) {
      auto end = config.store_connection.find(';', pos);
      std::string db = config.store_connection.substr(
          pos + key.size(), end == std::string::npos ? std::string::npos : end - pos - key.size());
      if (!db.empty() && std::filesystem::path(db).is_relative()) {
        config.store_connection.replace(pos + key.size(), db.size(), (base / db).string());
      }
    }
  }
  // Mapping files belong with the configuration: relative to the config file's folder.
  config.partner_mappings = file.parent_path() / "partners";
  {
    std::string text;
    get_string("partners", "mappings", text);
    if (!text.empty()) config.partner_mappings = Resolve(file.parent_path(), text);
  }
  get_path("partners", "data", config.partner_data);
  get_path("search", "index", config.index_dir);
  get_path("search", "lookup_key", config.lookup_key_file);
  {
    std::string segmentation;
    get_string("search", "segmentation", segmentation);
    if (segmentation == "words") {
      config.index_segmentation = search::Segmentation::kWords;
    } else if (!segmentation.empty() && segmentation != "ngrams") {
      error = "search.segmentation must be \"ngrams\" or \"words\", not \"" + segmentation + "\"";
    }
  }
  if (auto shards = table["search"]["shards"]; shards) {
    const toml::array* list = shards.as_array();
    if (list == nullptr) error = "search.shards must be a list of folders or tcp://HOST:PORT";
    for (std::size_t i = 0; list != nullptr && i < list->size(); ++i) {
      const auto text = (*list)[i].value<std::string>();
      if (!text) {
        error = "search.shards[" + std::to_string(i) + "] must be a string";
        break;
      }
      auto shard = search::ParseShard(*text);
      if (!shard.has_value()) {
        error = "search.shards[" + std::to_string(i) + "]: " + shard.error().message();
        break;
      }
      if (shard->host.empty()) shard->directory = Resolve(base, shard->directory);
      config.index_shards.push_back(std::move(shard).value());
    }
  }

  get_int("sync", "retries", config.sync.retries);
  get_int("sync", "backoff_ms", config.sync.backoff_ms);

  get_double("link", "link_probability", config.link.link_probability);
  get_double("link", "review_probability", config.link.review_probability);
  get_bool("link", "create_persons", config.link.create_persons);
  if (!(config.link.review_probability > 0 &&
        config.link.review_probability <= config.link.link_probability &&
        config.link.link_probability < 1)) {
    error = "link: need 0 < review_probability <= link_probability < 1";
  }

  get_int("allowance", "tier_a_fen", config.allowance.tier_a_fen);
  get_int("allowance", "tier_b_fen", config.allowance.tier_b_fen);
  get_int("allowance", "tier_c_fen", config.allowance.tier_c_fen);
  get_int("allowance", "tier_d_fen", config.allowance.tier_d_fen);
  get_string("allowance", "payer_name", config.allowance.payer_name);
  get_string("allowance", "payer_account", config.allowance.payer_account);
  get_string("allowance", "payer_credit_code", config.allowance.payer_credit_code);

  MatchSettings& m = config.match;
  get_int("match", "candidates", m.candidates);
  get_double("match", "weight_text", m.weight_text);
  get_double("match", "weight_discipline", m.weight_discipline);
  get_double("match", "weight_region", m.weight_region);
  get_double("match", "load_step", m.load_step);
  get_double("match", "pace_bonus", m.pace_bonus);
  get_double("match", "reach_bonus", m.reach_bonus);
  get_int("match", "required_days", m.required_days);
  get_double("match", "min_score", m.min_score);
  get_double("match", "old_revolutionary_weight", m.old_revolutionary_weight);
  get_double("match", "underdeveloped_weight", m.underdeveloped_weight);
  get_int("match", "region_digits", m.region_digits);
  if (m.region_digits != 0 && m.region_digits != 2 && m.region_digits != 4 &&
      m.region_digits != 6) {
    error = "match.region_digits must be 0 (anywhere), 2 (province), 4 (city) or 6 (county)";
  }
  get_bool("match", "widen", m.widen);
  get_double("match", "solve_seconds", m.solve_seconds);
  if (!(m.solve_seconds > 0 && m.solve_seconds <= 86400)) {
    error = "match.solve_seconds must lie in (0, 86400]";
  }

  get_string("serve", "host", config.serve_host);
  get_int("serve", "port", config.serve_port);
  get_int("serve", "threads", config.serve_threads);
  get_int("serve", "read_connections", config.serve_read_connections);
  if (config.serve_read_connections < 1 || config.serve_read_connections > 256) {
    error = "serve.read_connections must be 1..256";
  }
  get_path("serve", "tls_cert", config.serve_tls_cert);
  get_path("serve", "tls_key", config.serve_tls_key);
  get_path("serve", "tls_ca", config.serve_tls_ca);
  get_path("serve", "tls_crl", config.serve_tls_crl);
  auto string_list = [&](const toml::node* node, const std::string& key,
                         std::vector<std::string>& out) {
    if (node == nullptr) return;
    const toml::array* list = node->as_array();
    if (list == nullptr) {
      error = key + " must be a list of strings";
      return;
    }
    for (const auto& item : *list) {
      if (auto v = item.value<std::string>()) {
        out.push_back(*v);
      } else {
        error = key + " must be a list of strings";
      }
    }
  };
  if (const toml::table* access = table["access"].as_table()) {
    for (const auto& [agency, node] : *access) {
      const toml::table* grant = node.as_table();
      const std::string where = "access." + std::string(agency.str());
      if (grant == nullptr) {
        error = where + " must be a table (methods, fields, masked, regions, kinds, rate, burst)";
        continue;
      }
      HubConfig::AccessGrant& out = config.access[std::string(agency.str())];
      string_list(grant->get("methods"), where + ".methods", out.methods);
      string_list(grant->get("fields"), where + ".fields", out.fields);
      string_list(grant->get("regions"), where + ".regions", out.regions);
      string_list(grant->get("masked"), where + ".masked", out.masked);
      string_list(grant->get("kinds"), where + ".kinds", out.kinds);
      if (const toml::node* rate = grant->get("rate")) {
        const auto v = rate->value<double>();
        if (!v || *v < 0 || *v > 1e6) {
          error = where + ".rate must be a number of requests a second, 0 (no limit) to 1000000";
        } else {
          out.rate = *v;
        }
      }
      if (const toml::node* burst = grant->get("burst")) {
        const auto v = burst->value<std::int64_t>();
        if (!v || *v < 0 || *v > 1000000) {
          error = where + ".burst must be a whole number of requests, 0 to 1000000";
        } else {
          out.burst = static_cast<int>(*v);
        }
      }
    }
  }
  if (auto node = table["serve"]["agencies"]; node) {
    if (const toml::array* list = node.as_array()) {
      for (const auto& item : *list) {
        if (auto v = item.value<std::string>()) {
          config.serve_agencies.push_back(*v);
        } else {
          error = "serve.agencies must be a list of strings";
        }
      }
    } else {
      error = "serve.agencies must be a list of strings";
    }
  }

  // [service]: the green-channel calendar and matters (docs/services.md).
  if (const toml::table* service = table["service"].as_table()) {
    string_list(service->get("holidays"), "service.holidays", config.service.holidays);
    string_list(service->get("workdays"), "service.workdays", config.service.workdays);
    if (auto calendar = WorkCalendar::FromText(config.service.holidays, config.service.workdays);
        !calendar.has_value()) {
      error = "service." + calendar.error().message();
    }
    if (const toml::node* matters = service->get("matters")) {
      if (const toml::table* list = matters->as_table()) {
        for (const auto& [key, node] : *list) {
          const std::string where = "service.matters." + std::string(key.str());
          const toml::table* spec = node.as_table();
          if (spec == nullptr) {
            error = where + " must be a table (title, department, days)";
            continue;
          }
          ServiceMatter matter;
          matter.title = (*spec)["title"].value_or(std::string());
          matter.department = (*spec)["department"].value_or(std::string());
          const std::int64_t days = (*spec)["days"].value_or(std::int64_t{0});
          if (matter.title.empty() || matter.department.empty()) {
            error = where + " needs a title and a department (the agency's certificate name)";
          } else if (days < 1 || days > 365) {
            error = where + ".days must be a whole number of working days, 1..365";
          }
          matter.days = static_cast<int>(days);
          config.service.matters[std::string(key.str())] = std::move(matter);
        }
      } else {
        error = "service.matters must be a table of [service.matters.KEY] tables";
      }
    }
  }

  for (auto [key, target] :
       {std::pair{"id_number", &config.mask.id_number}, std::pair{"mobile", &config.mask.mobile},
        std::pair{"bank_card", &config.mask.bank_card}, std::pair{"name", &config.mask.name}}) {
    std::string text;
    get_string("mask", key, text);
    if (text.empty()) continue;
    auto pattern = ParseMaskPattern(text);
    if (!pattern.has_value()) {
      return pattern.error().WithContext(file.string() + ": mask." + key);
    }
    *target = *pattern;
  }
  get_bool("mask", "allow_unmasked", config.allow_unmasked);
  get_string("log", "level", config.log_level);

  if (!error.empty()) return Status::InvalidArgument(file.string() + ": " + error);
  if (config.serve_port > 65535) {
    return Status::InvalidArgument(file.string() + ": serve.port must be 0..65535");
  }
  return config;
}

}  // namespace huicai::hub
