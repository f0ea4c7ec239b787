#include <fstream>
#include <system_error>

#include "reports/reports.h"

namespace drdrill::reports {

Result<std::set<Format>> parse_formats(std::string_view list) {
  std::set<Format> out;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const std::string_view item = list.substr(0, comma);
    if (item == "json") {
      out.insert(Format::kJson);
    } else if (item == "md" || item == "markdown") {
      out.insert(Format::kMarkdown);
    } else if (item == "junit") {
      out.insert(Format::kJunit);
    } else if (item == "html") {
      out.insert(Format::kHtml);
    } else {
      return Status::InvalidArgument("unknown report format \"" + std::string(item) + "\" (expected json, md, junit, html)");
    }
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  if (out.empty()) return Status::InvalidArgument("no report format given (expected json, md, junit, html)");
  return out;
}

Result<std::vector<std::filesystem::path>> write_reports(const sim::DrillResult& result, const std::filesystem::path& dir,
                                                         const std::set<Format>& formats) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::InvalidArgument("cannot create " + dir.string() + ": " + ec.message());
  std::vector<std::filesystem::path> written;
  auto write = [&](const char* name, const std::string& text) -> Status {
    const std::filesystem::path path = dir / name;
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    if (!file) return Status::InvalidArgument("cannot write " + path.string());
    written.push_back(path);
    return Status::Ok();
  };
  if (formats.contains(Format::kJson)) DRDRILL_RETURN_IF_ERROR(write("report.json", render_json(result)));
  if (formats.contains(Format::kMarkdown)) DRDRILL_RETURN_IF_ERROR(write("report.md", render_markdown(result)));
  if (formats.contains(Format::kJunit)) DRDRILL_RETURN_IF_ERROR(write("junit.xml", render_junit(result)));
  if (formats.contains(Format::kHtml)) DRDRILL_RETURN_IF_ERROR(write("report.html", render_html(result)));
  return written;
}

}  // namespace drdrill::reports
