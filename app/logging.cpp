#include "app/logging.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>
#include <string>

#include "core/mask.h"

namespace huicai::app {

namespace {

// Masks the message, then hands it to the coloured stderr sink.
class MaskingSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  MaskingSink() : inner_(std::make_shared<spdlog::sinks::stderr_color_sink_mt>()) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const std::string masked =
        MaskSensitive(std::string_view(msg.payload.data(), msg.payload.size()));
    spdlog::details::log_msg copy = msg;
    copy.payload = masked;
    inner_->log(copy);
  }
  void flush_() override { inner_->flush(); }
  void set_pattern_(const std::string& pattern) override { inner_->set_pattern(pattern); }
  void set_formatter_(std::unique_ptr<spdlog::formatter> formatter) override {
    inner_->set_formatter(std::move(formatter));
  }

 private:
  std::shared_ptr<spdlog::sinks::stderr_color_sink_mt> inner_;  // shared: spdlog's sink type
};

}  // namespace

void SetUpLogging() {
  auto logger = std::make_shared<spdlog::logger>("huicai", std::make_shared<MaskingSink>());
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
  spdlog::set_level(spdlog::level::warn);
}

void SetLogLevel(std::string_view level) {
  const auto parsed = spdlog::level::from_str(std::string(level));
  // from_str answers "off" for names it does not know; only "off" itself means off.
  if (parsed != spdlog::level::off || level == "off") spdlog::set_level(parsed);
}

}  // namespace huicai::app
