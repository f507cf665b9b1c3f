// base/atomic_file_test.cpp — the target is replaced whole on Commit, untouched otherwise.
#include "base/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace base {
namespace {
namespace fs = std::filesystem;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/atomic_file_test.XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  static void Write(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }
  // The names in the directory, so that a temporary file left behind shows.
  std::vector<std::string> Names() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path dir_;
};

TEST_F(AtomicFileTest, CommitReplacesTheTargetWhole) {
  const fs::path target = dir_ / "out.csv";
  Write(target, "old\n");
  auto file = AtomicFile::Create(target);
  ASSERT_TRUE(file.ok()) << file.error().message();
  file->stream() << "new\n";
  EXPECT_EQ(Read(target), "old\n");  // nothing shows before Commit
  ASSERT_TRUE(file->Commit().ok());
  EXPECT_EQ(Read(target), "new\n");
  EXPECT_EQ(Names(), (std::vector<std::string>{"out.csv"}));
}

TEST_F(AtomicFileTest, WithoutCommitTheTargetIsUntouchedAndTheTemporaryFileGone) {
  const fs::path target = dir_ / "out.csv";
  Write(target, "old\n");
  {
    auto file = AtomicFile::Create(target);
    ASSERT_TRUE(file.ok());
    file->stream() << std::string(200'000, 'x');  // more than the buffer: bytes reached the temporary file
  }
  EXPECT_EQ(Read(target), "old\n");
  EXPECT_EQ(Names(), (std::vector<std::string>{"out.csv"}));

  auto file = AtomicFile::Create(target);
  ASSERT_TRUE(file.ok());
  file->stream() << "partial";
  file->Discard();
  file->Discard();
  EXPECT_EQ(Read(target), "old\n");
  EXPECT_EQ(Names(), (std::vector<std::string>{"out.csv"}));
}

TEST_F(AtomicFileTest, ANewFileGetsTheUsualPermissionsAnExistingOneKeepsItsOwn) {
  const fs::path fresh = dir_ / "fresh.csv";
  auto file = AtomicFile::Create(fresh);
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE(file->Commit().ok());
  const mode_t mask = ::umask(022);
  ::umask(mask);
  struct stat st;
  ASSERT_EQ(::stat(fresh.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0666 & ~mask);

  const fs::path kept = dir_ / "kept.csv";
  Write(kept, "old");
  ASSERT_EQ(::chmod(kept.c_str(), 0640), 0);
  auto again = AtomicFile::Create(kept);
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(again->Commit().ok());
  ASSERT_EQ(::stat(kept.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
}

TEST_F(AtomicFileTest, ASymbolicLinkIsFollowedAndKept) {
  const fs::path real = dir_ / "real.csv";
  const fs::path link = dir_ / "link.csv";
  Write(real, "old");
  fs::create_symlink(real, link);
  auto file = AtomicFile::Create(link);
  ASSERT_TRUE(file.ok());
  file->stream() << "new";
  ASSERT_TRUE(file->Commit().ok());
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(Read(real), "new");
}

TEST_F(AtomicFileTest, NamesTheTargetWhenItCannotBeCreated) {
  auto missing = AtomicFile::Create(dir_ / "no" / "such" / "out.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message(),
            (dir_ / "no/such/out.csv").string() + ": cannot write file: No such file or directory");
  auto directory = AtomicFile::Create(dir_);
  ASSERT_FALSE(directory.ok());
  EXPECT_EQ(directory.error().message(), dir_.string() + ": cannot write file: Is a directory");
}

TEST_F(AtomicFileTest, ADeviceIsWrittenDirectlyAndAWriteErrorIsReported) {
  auto null = AtomicFile::Create("/dev/null");
  ASSERT_TRUE(null.ok()) << null.error().message();
  null->stream() << "gone";
  EXPECT_TRUE(null->Commit().ok());
  EXPECT_TRUE(fs::exists("/dev/null"));
  EXPECT_FALSE(fs::is_regular_file("/dev/null"));

  ASSERT_TRUE(fs::exists("/dev/full")) << "Linux has /dev/full; the write error is tested on it";
  auto full = AtomicFile::Create("/dev/full");
  ASSERT_TRUE(full.ok());
  full->stream() << "does not fit";
  auto status = full->Commit();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message(), "/dev/full: cannot write file: No space left on device");
}

}  // namespace
}  // namespace base
