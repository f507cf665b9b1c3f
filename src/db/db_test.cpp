// db/db_test.cpp — the database layer's contract, run on SQLite and on a real
// PostgreSQL: bound parameters, NULLs, transactions, bulk loads, errors as
// values; plus placeholder rewriting and password redaction.
#include "db/db.h"

#include <gtest/gtest.h>

#include <thread>

#include "db/test_targets.h"

namespace db {
namespace {

using testing::TestTarget;

TEST(DbPlaceholders, BecomeNumberedOutsideQuotesAndComments) {
  EXPECT_EQ(ToPostgresPlaceholders("SELECT ?, ?"), "SELECT $1, $2");
  EXPECT_EQ(ToPostgresPlaceholders("VALUES (?1, ?2, ?1)"), "VALUES ($1, $2, $1)");
  EXPECT_EQ(ToPostgresPlaceholders("SELECT '?', \"a?\" , ? -- what?\n, ?"), "SELECT '?', \"a?\" , $1 -- what?\n, $2");
  EXPECT_EQ(ToPostgresPlaceholders("SELECT 'it''s ?', ?"), "SELECT 'it''s ?', $1");
  EXPECT_EQ(ToPostgresPlaceholders("SELECT 'unterminated ?"), "SELECT 'unterminated ?");
}

TEST(DbTargets, PostgresIsAUriOrAConninfo) {
  EXPECT_TRUE(IsPostgresTarget("postgresql://rechtop@db.example/rechtop"));
  EXPECT_TRUE(IsPostgresTarget("postgres://localhost/x"));
  EXPECT_TRUE(IsPostgresTarget("host=/tmp/pg port=5432 dbname=x"));
  EXPECT_FALSE(IsPostgresTarget("rechtop.db"));
  EXPECT_FALSE(IsPostgresTarget("/var/lib/rechtop/rechtop.db"));
}

TEST(DbTargets, PasswordsAreRedacted) {
  EXPECT_EQ(Redacted("postgresql://app:s3cret@db.example:5432/rechtop"),
            "postgresql://app:***@db.example:5432/rechtop");
  EXPECT_EQ(Redacted("postgresql://app@db.example/rechtop"), "postgresql://app@db.example/rechtop");
  EXPECT_EQ(Redacted("postgresql://db.example/rechtop?password=s3cret&sslmode=require"),
            "postgresql://db.example/rechtop?password=***&sslmode=require");
  EXPECT_EQ(Redacted("host=h dbname=d password=s3cret user=u"), "host=h dbname=d password=*** user=u");
  EXPECT_EQ(Redacted("rechtop.db"), "rechtop.db");
}

class DbContract : public ::testing::TestWithParam<std::string> {
 protected:
  DbContract() : target_(GetParam(), "db_contract") {}
  void SetUp() override {
    connection_ = target_.Connect();
    ASSERT_NE(connection_, nullptr);
    ASSERT_TRUE(connection_->ExecScript("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, amount BIGINT)").ok());
  }
  std::vector<Row> Rows(const std::string& sql, const Params& params = {}) {
    auto rows = connection_->Query(sql, params);
    EXPECT_TRUE(rows.ok()) << sql << ": " << rows.error().message();
    return rows.ok() ? *rows : std::vector<Row>{};
  }

  TestTarget target_;
  std::unique_ptr<Connection> connection_;
};

TEST_P(DbContract, BindsTextIntegersAndNull) {
  auto inserted = connection_->Exec("INSERT INTO t (id, name, amount) VALUES (?1, ?2, ?3)",
                                    {int64_t{1}, std::string("O'Brien; DROP TABLE t; --"), nullptr});
  ASSERT_TRUE(inserted.ok()) << inserted.error().message();
  EXPECT_EQ(*inserted, 1);
  ASSERT_TRUE(connection_
                  ->Exec("INSERT INTO t (id, name, amount) VALUES (?, ?, ?)",
                         {int64_t{2}, std::string("é €"), int64_t{-123456789012}})
                  .ok());
  EXPECT_EQ(Rows("SELECT id, name, amount FROM t ORDER BY id"),
            (std::vector<Row>{{"1", "O'Brien; DROP TABLE t; --", std::nullopt}, {"2", "é €", "-123456789012"}}));
  EXPECT_EQ(Rows("SELECT name FROM t WHERE amount < ?1 AND id = ?2", {int64_t{0}, int64_t{2}}),
            (std::vector<Row>{{"é €"}}));
  EXPECT_EQ(*connection_->Exec("UPDATE t SET amount = 5"), 2);
}

TEST_P(DbContract, BooleansReadTheSameOnBothEngines) {
  EXPECT_EQ(Rows("SELECT 1 = 1, 1 = 2, NULL"), (std::vector<Row>{{"1", "0", std::nullopt}}));
}

TEST_P(DbContract, ATransactionThatIsNotCommittedLeavesNothing) {
  {
    auto transaction = Transaction::Begin(*connection_, TransactionMode::kWrite);
    ASSERT_TRUE(transaction.ok()) << transaction.error().message();
    ASSERT_TRUE(connection_->Exec("INSERT INTO t (id) VALUES (1)").ok());
    EXPECT_TRUE(connection_->InTransaction());
  }  // an early return: rolled back
  EXPECT_FALSE(connection_->InTransaction());
  EXPECT_EQ(Rows("SELECT COUNT(*) FROM t"), (std::vector<Row>{{"0"}}));

  auto transaction = Transaction::Begin(*connection_, TransactionMode::kWrite);
  ASSERT_TRUE(transaction.ok());
  ASSERT_TRUE(connection_->Exec("INSERT INTO t (id) VALUES (1)").ok());
  ASSERT_TRUE(transaction->Commit().ok());
  EXPECT_EQ(target_.Connect()->Query("SELECT COUNT(*) FROM t")->front(), (Row{"1"})) << "seen by another connection";
}

TEST_P(DbContract, AFailedStatementIsAnErrorAndTheConnectionStaysUsable) {
  ASSERT_TRUE(connection_->Exec("INSERT INTO t (id) VALUES (1)").ok());
  auto duplicate = connection_->Exec("INSERT INTO t (id) VALUES (1)");
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code(), base::Error::Code::kInvalidInput);
  EXPECT_NE(duplicate.error().message().find(GetParam() == "sqlite" ? "UNIQUE constraint failed" : "duplicate key"),
            std::string::npos)
      << duplicate.error().message();
  auto syntax = connection_->Query("SELEC 1");
  ASSERT_FALSE(syntax.ok());
  EXPECT_NE(syntax.error().message().find("syntax error"), std::string::npos) << syntax.error().message();
  auto wrong_count = connection_->Query("SELECT ?1, ?2", {int64_t{1}});
  EXPECT_FALSE(wrong_count.ok());
  EXPECT_EQ(Rows("SELECT COUNT(*) FROM t"), (std::vector<Row>{{"1"}}));

  // Inside a transaction, the failure aborts it; a rollback makes room for the next.
  auto transaction = Transaction::Begin(*connection_, TransactionMode::kWrite);
  ASSERT_TRUE(transaction.ok());
  ASSERT_TRUE(connection_->Exec("INSERT INTO t (id) VALUES (2)").ok());
  EXPECT_FALSE(connection_->Exec("INSERT INTO t (id) VALUES (1)").ok());
  connection_->Rollback();
  EXPECT_EQ(Rows("SELECT COUNT(*) FROM t"), (std::vector<Row>{{"1"}}));
}

TEST_P(DbContract, BulkInsertLoadsEveryRowOrStopsAtTheSourcesError) {
  auto loaded = connection_->BulkInsert("t", {"id", "name", "amount"}, [](const Connection::Emit& emit) {
    for (int64_t i = 1; i <= 500; ++i) {
      auto emitted = emit({i, i % 7 == 0 ? Value(nullptr) : Value("tab\there\\ and\nnewline"), i * 100});
      if (!emitted.ok()) return emitted;
    }
    return base::Status(base::Ok{});
  });
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(Rows("SELECT COUNT(*), COUNT(name), SUM(amount) FROM t"), (std::vector<Row>{{"500", "429", "12525000"}}));
  EXPECT_EQ(Rows("SELECT name FROM t WHERE id = 1"), (std::vector<Row>{{"tab\there\\ and\nnewline"}}));

  auto transaction = Transaction::Begin(*connection_, TransactionMode::kWrite);
  ASSERT_TRUE(transaction.ok());
  auto stopped = connection_->BulkInsert("t", {"id"}, [](const Connection::Emit& emit) {
    if (auto emitted = emit({int64_t{1000}}); !emitted.ok()) return emitted;
    return base::Status(base::Error::InvalidInput("row 2: not a number"));
  });
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.error().message(), "row 2: not a number");
}

TEST_P(DbContract, AScriptRunsSeveralStatementsAndAQueryGivesTheLastRows) {
  ASSERT_TRUE(connection_->ExecScript("INSERT INTO t (id) VALUES (1); INSERT INTO t (id) VALUES (2);").ok());
  EXPECT_EQ(Rows("INSERT INTO t (id) VALUES (3); SELECT COUNT(*) FROM t;"), (std::vector<Row>{{"3"}}));
}

TEST_P(DbContract, TwoConnectionsWriteAtOnce) {
  // Both engines let several processes share a database: writers wait for
  // each other (SQLite's busy timeout, PostgreSQL's row locks) instead of failing.
  auto writer = [&](int64_t first) {
    std::unique_ptr<Connection> connection = target_.Connect();
    for (int64_t i = first; i < first + 50; ++i) {
      auto transaction = Transaction::Begin(*connection, TransactionMode::kWrite);
      ASSERT_TRUE(transaction.ok()) << transaction.error().message();
      ASSERT_TRUE(connection->Exec("INSERT INTO t (id) VALUES (?1)", {i}).ok());
      ASSERT_TRUE(transaction->Commit().ok());
    }
  };
  std::thread a(writer, 0), b(writer, 1000);
  a.join();
  b.join();
  EXPECT_EQ(Rows("SELECT COUNT(*) FROM t"), (std::vector<Row>{{"100"}}));
}

INSTANTIATE_TEST_SUITE_P(Db, DbContract, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST(DbSqlite, ADurableDatabaseUsesWalWithFullSync) {
  TestTarget target("sqlite", "db_durable");
  auto durable = OpenSqlite(target.target());
  ASSERT_TRUE(durable.ok()) << durable.error().message();
  EXPECT_EQ((*durable)->Query("PRAGMA journal_mode")->front(), (Row{"wal"}));
  EXPECT_EQ((*durable)->Query("PRAGMA synchronous")->front(), (Row{"2"}));  // FULL
  EXPECT_EQ((*durable)->Query("PRAGMA foreign_keys")->front(), (Row{"1"}));
}

TEST(DbSqlite, AnUnopenableFileIsAnIoError) {
  auto opened = OpenSqlite("/nonexistent-dir/x.db");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), base::Error::Code::kIo);
  EXPECT_EQ(opened.error().message(), "cannot open database: unable to open database file");
}

}  // namespace
}  // namespace db
