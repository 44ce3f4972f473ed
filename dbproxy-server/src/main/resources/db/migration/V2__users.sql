-- TeamTalk-J V2 (users and directory).
--
-- V1 creates tables only if they are missing, so a database taken over from TeamTalk keeps its
-- IMUser.password varchar(32). Logins rewrite TeamTalk md5 rows as pbkdf2 strings (~80 chars),
-- which would not fit: widen the column (a no-op on a database V1 created).
ALTER TABLE IMUser MODIFY password varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT ''
  COMMENT 'TeamTalk md5(md5hex+salt) or pbkdf2$...';

-- Incremental department sync (0x0210) selects by updated, like IMUser's idx_updated.
ALTER TABLE IMDepart ADD KEY idx_updated (updated);
