package io.teamtalkj.dbproxy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlLiteralsTest {
    @Test
    void textBecomesHexDigitsOnlySoNothingInItCanEndTheLiteral() {
        assertThat(SqlLiterals.utf8(new StringBuilder(), "a'b\\\"; --").toString())
                .isEqualTo("_utf8mb4 X'6127625C223B202D2D'");
        assertThat(SqlLiterals.utf8(new StringBuilder(), "你\uD83D\uDE00").toString()).isEqualTo("_utf8mb4 X'E4BDA0F09F9880'");
        assertThat(SqlLiterals.utf8(new StringBuilder(), "").toString()).isEqualTo("''");
        assertThat(SqlLiterals.utf8(new StringBuilder(), "\uD83D").toString()).as("lone surrogate, as the driver encodes it")
                .isEqualTo("_utf8mb4 X'3F'");
    }

    @Test
    void idsAreWrittenUnsigned() {
        assertThat(SqlLiterals.unsigned(new StringBuilder(), -1).toString()).isEqualTo("4294967295");
        assertThat(SqlLiterals.unsigned(new StringBuilder(), 42).toString()).isEqualTo("42");
    }
}
