#pragma once
// Writing a file that another process polls for: it appears complete or not at all.

#include <filesystem>
#include <string_view>

#include "core/status.h"

namespace drdrill::serve {

// Writes `content` to a temporary file in the same directory, flushes it, then renames it over
// `path` (rename is atomic within a file system), so a reader never sees a partial file.
// Unavailable if the directory is not writable.
Status write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace drdrill::serve
