// base/atomic_file.cpp — temporary file, fsync, rename (see atomic_file.h).
#include "base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <streambuf>
#include <vector>

namespace base {
namespace fs = std::filesystem;
namespace {

// A stream buffer over a file descriptor that remembers the first write error.
class FdBuffer : public std::streambuf {
 public:
  explicit FdBuffer(int fd) : fd_(fd), buffer_(size_t{64} << 10) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }

  // The errno of the first failed write, or 0.
  int error() const { return error_; }

 protected:
  int_type overflow(int_type c) override {
    if (!Drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }

  int sync() override { return Drain() ? 0 : -1; }

 private:
  // Writes what the buffer holds; false on a write error.
  bool Drain() {
    const char* p = pbase();
    const char* e = pptr();
    while (error_ == 0 && p < e) {
      const ssize_t n = ::write(fd_, p, static_cast<size_t>(e - p));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        error_ = n < 0 ? errno : EIO;
        break;
      }
      p += n;
    }
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return error_ == 0;
  }

  int fd_;
  int error_ = 0;
  std::vector<char> buffer_;
};

mode_t Umask() {
  // umask can only be read by setting it; once, before any worker thread.
  static const mode_t mask = [] {
    const mode_t m = ::umask(022);
    ::umask(m);
    return m;
  }();
  return mask;
}

Error IoError(const fs::path& target, const std::string& what, int error) {
  return Error::Io(target.string() + ": " + what + ": " + std::strerror(error));
}

}  // namespace

struct AtomicFile::Impl {
  fs::path target;  // as given, for messages
  fs::path real;    // the file replaced: the target with a symbolic link followed
  fs::path temp;    // empty when writing directly
  int fd = -1;
  mode_t mode = 0;
  bool done = false;
  FdBuffer buffer;
  std::ostream out;

  Impl(fs::path target_path, fs::path real_path, fs::path temp_path, int descriptor, mode_t file_mode)
      : target(std::move(target_path)),
        real(std::move(real_path)),
        temp(std::move(temp_path)),
        fd(descriptor),
        mode(file_mode),
        buffer(descriptor),
        out(&buffer) {}

  void Remove() {
    if (fd >= 0) ::close(fd);
    fd = -1;
    if (!temp.empty()) ::unlink(temp.c_str());
    done = true;
  }
};

Result<AtomicFile> AtomicFile::Create(const fs::path& target) {
  if (target.empty()) return Error::Io("an output file name is empty");
  fs::path real = target;
  struct stat st;
  if (::lstat(target.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    std::error_code ec;
    fs::path resolved = fs::canonical(target, ec);
    if (!ec) real = resolved;
  }
  mode_t mode = 0666 & ~Umask();
  if (::stat(real.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return IoError(target, "cannot write file", EISDIR);
    if (!S_ISREG(st.st_mode)) {
      // A device or a pipe: nothing to rename over.
      const int fd = ::open(real.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd < 0) return IoError(target, "cannot write file", errno);
      return AtomicFile(std::make_unique<Impl>(target, real, fs::path(), fd, mode));
    }
    mode = st.st_mode & 07777;
  }
  fs::path dir = real.parent_path();
  if (dir.empty()) dir = ".";
  std::string pattern = (dir / ("." + real.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) return IoError(target, "cannot write file", errno);
  ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  return AtomicFile(std::make_unique<Impl>(target, real, fs::path(pattern), fd, mode));
}

AtomicFile::AtomicFile(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AtomicFile::AtomicFile(AtomicFile&&) noexcept = default;
AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
  if (this != &other) {
    Discard();
    impl_ = std::move(other.impl_);
  }
  return *this;
}
AtomicFile::~AtomicFile() { Discard(); }

std::ostream& AtomicFile::stream() { return impl_->out; }

const fs::path& AtomicFile::target() const { return impl_->target; }

const fs::path& AtomicFile::path() const { return impl_->temp.empty() ? impl_->real : impl_->temp; }

Status AtomicFile::Commit() {
  Impl& f = *impl_;
  f.out.flush();
  int error = f.buffer.error();
  if (error == 0 && !f.out) error = EIO;
  if (f.temp.empty()) {
    if (error == 0 && ::close(f.fd) != 0)
      error = errno;
    else if (error != 0)
      ::close(f.fd);
    f.fd = -1;
    f.done = true;
    if (error != 0) return IoError(f.target, "cannot write file", error);
    return Ok{};
  }
  if (error == 0 && ::fchmod(f.fd, f.mode) != 0) error = errno;
  if (error == 0 && ::fsync(f.fd) != 0) error = errno;
  if (error == 0) {
    const int fd = f.fd;
    f.fd = -1;
    if (::close(fd) != 0) error = errno;
  }
  if (error == 0 && ::rename(f.temp.c_str(), f.real.c_str()) != 0) error = errno;
  if (error != 0) {
    f.Remove();
    return IoError(f.target, "cannot write file", error);
  }
  f.done = true;
  // The rename itself is durable once the directory is synced; a file
  // system that cannot sync a directory has done what it can.
  fs::path dir = f.real.parent_path();
  if (dir.empty()) dir = ".";
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return Ok{};
}

void AtomicFile::Discard() {
  if (impl_ && !impl_->done) impl_->Remove();
}

}  // namespace base
