#include "serve/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <system_error>

#include <unistd.h>

namespace drdrill::serve {

Status write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  // The temporary name carries the process id so two writers in one directory do not collide.
  std::filesystem::path temporary = path;
  temporary += ".tmp." + std::to_string(::getpid());
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (file == nullptr) {
    return Status::Unavailable("cannot write " + temporary.string() + ": " + std::strerror(errno));
  }
  const bool written = std::fwrite(content.data(), 1, content.size(), file) == content.size() &&
                       std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
  const int write_errno = errno;
  const bool closed = std::fclose(file) == 0;
  std::error_code ignored;
  if (!written || !closed) {
    std::filesystem::remove(temporary, ignored);
    return Status::Unavailable("cannot write " + temporary.string() + ": " + std::strerror(write_errno));
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::filesystem::remove(temporary, ignored);
    return Status::Unavailable("cannot rename " + temporary.string() + " to " + path.string() + ": " + ec.message());
  }
  return Status::Ok();
}

}  // namespace drdrill::serve
