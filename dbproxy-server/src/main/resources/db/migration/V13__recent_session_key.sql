-- TeamTalk-J: IMRecentSession keyed by what names a session, (userId, peerId, type).
--
-- Every stored message upserts both sides' session rows (INSERT ... ON DUPLICATE KEY UPDATE).
-- With TeamTalk's auto-increment id as the primary key that upsert
--  * took a new id for every row it touched, also when the row existed and was only updated: at
--    2 rows per message the unsigned int ran out after ~2.1 billion messages (5 days at 5,000
--    msg/s), and from then on no session row, so no message batch, could be written;
--  * wrote the new clustered row, met the duplicate on the unique key, and rolled the row back:
--    a fifth of MariaDB's time per message at 4,000 msg/s (perf of mariadbd).
-- With the session's own key as the primary key the duplicate is found before anything is written.
-- id stays (tools and TeamTalk's own queries may read it), widened so burnt ids cannot run out.
-- A row without a type was never written by TeamTalk or by us and can be read by neither.
DELETE FROM IMRecentSession WHERE type IS NULL;
ALTER TABLE IMRecentSession
  MODIFY id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  MODIFY type tinyint(1) unsigned NOT NULL DEFAULT 0 COMMENT '1 user, 2 group',
  DROP PRIMARY KEY,
  DROP KEY uk_userId_peerId_type,
  ADD PRIMARY KEY (userId, peerId, type),
  ADD UNIQUE KEY uk_id (id);
