// native_files_host.cpp: directory listing with std::filesystem (native
// builds only: wasm32-wasi's libc++ has no <filesystem>, so list-dir and
// directory? are absent there, as natives.def says). file-seq (core.ba)
// walks a tree with these two.
#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "core/string.h"
#include "core/vector.h"
#include "lib/native_util.h"
#include "lib/natives.h"

namespace batuta {

namespace {

Result<std::string> path_arg(VmContext& ctx, const Value& v) {
  if (!is_string(v)) return lib::expected(lib::op_name(ctx), "a file path (a string)", v);
  return std::string(string_view_of(v));
}

// The sorted entry names of `dir`, or the error text.
Result<std::vector<std::string>> sorted_names(std::string_view op, const std::string& dir) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  std::vector<std::string> names;
  for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) names.push_back(it->path().filename().string());
  if (ec) return make_error(ErrorKind::InvalidArgument, std::string(op) + ": " + dir + ": " + ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

std::string child_path(const std::string& dir, const std::string& name) {
  return dir.empty() || dir.back() == '/' ? dir + name : dir + "/" + name;
}

Result<Value> path_value(std::string_view op, const std::string& path) {
  Result<Value> s = make_string(path);
  if (!s) return make_error(ErrorKind::InvalidArgument, std::string(op) + ": the path " + path + " is not valid UTF-8");
  return s;
}

// Depth first, each directory before its entries, entries sorted; a
// directory reached through a symbolic link is listed but not entered, so
// a link cycle cannot loop.
Result<bool> walk(std::string_view op, const std::string& path, std::vector<Value>& out) {
  Result<Value> v = path_value(op, path);
  if (!v) return v.take_error();
  out.push_back(std::move(v.value()));
  std::error_code ec;
  if (std::filesystem::is_symlink(path, ec) || !std::filesystem::is_directory(path, ec)) return true;
  Result<std::vector<std::string>> names = sorted_names(op, path);
  if (!names) return names.take_error();
  for (const std::string& n : names.value()) {
    Result<bool> r = walk(op, child_path(path, n), out);
    if (!r) return r;
  }
  return true;
}

}  // namespace

// Paths are joined as dir/name (no normalisation), so (list-dir "src")
// gives "src/lib", which the caller can pass on as it is.
Result<Value> n_list_dir(VmContext& ctx, std::span<const Value> args) {
  Result<std::string> dir = path_arg(ctx, args[0]);
  if (!dir) return dir.take_error();
  Result<std::vector<std::string>> names = sorted_names("list-dir", dir.value());
  if (!names) return names.take_error();
  std::vector<Value> paths;
  for (const std::string& n : names.value()) {
    Result<Value> p = path_value("list-dir", child_path(dir.value(), n));
    if (!p) return p;
    paths.push_back(std::move(p.value()));
  }
  return vector_from(paths);
}

Result<Value> n_file_seq(VmContext& ctx, std::span<const Value> args) {
  Result<std::string> root = path_arg(ctx, args[0]);
  if (!root) return root.take_error();
  std::error_code ec;
  if (!std::filesystem::exists(root.value(), ec)) {
    return make_error(ErrorKind::InvalidArgument, "file-seq: " + root.value() + ": No such file or directory");
  }
  std::vector<Value> out;
  Result<bool> r = walk("file-seq", root.value(), out);
  if (!r) return r.take_error();
  return vector_from(out);
}

Result<Value> n_directory_p(VmContext& ctx, std::span<const Value> args) {
  Result<std::string> path = path_arg(ctx, args[0]);
  if (!path) return path.take_error();
  std::error_code ec;
  return Value::boolean(std::filesystem::is_directory(path.value(), ec));
}

}  // namespace batuta
