-- TeamTalk's schema (mogujie/TeamTalk auto_setup/mariadb/conf/ttopen.sql) with TeamTalk-J's fixes:
-- unique keys where the original relied on read-then-insert races, a password column wide enough
-- for slow hashes, the IMTransmitFile table the original code used but never created, audio bytes
-- kept in IMAudio instead of an HTTP store, and read positions so Redis unread counters can be
-- rebuilt. Column names and meanings are TeamTalk's, so an existing TeamTalk database maps 1:1.

CREATE TABLE IF NOT EXISTS IMUser (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  sex tinyint(1) unsigned NOT NULL DEFAULT 0 COMMENT '1 male, 2 female, 0 unknown',
  name varchar(32) COLLATE utf8mb4_bin NOT NULL DEFAULT '' COMMENT 'login name',
  domain varchar(32) COLLATE utf8mb4_bin NOT NULL DEFAULT '' COMMENT 'pinyin',
  nick varchar(32) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  password varchar(255) COLLATE utf8mb4_bin NOT NULL DEFAULT '' COMMENT 'TeamTalk md5(md5hex+salt) or pbkdf2$...',
  salt varchar(4) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  phone varchar(11) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  email varchar(64) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  avatar varchar(255) COLLATE utf8mb4_bin DEFAULT '',
  departId int(11) unsigned NOT NULL DEFAULT 0,
  status tinyint(2) unsigned DEFAULT 0 COMMENT 'login needs 0; 3 = left the company',
  created int(11) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  push_shield_status tinyint(1) unsigned NOT NULL DEFAULT 0,
  sign_info varchar(128) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  PRIMARY KEY (id),
  UNIQUE KEY uk_name (name),
  KEY idx_domain (domain),
  KEY idx_phone (phone),
  KEY idx_updated (updated)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMDepart (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  departName varchar(64) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  priority int(11) unsigned NOT NULL DEFAULT 0,
  parentId int(11) unsigned NOT NULL DEFAULT 0,
  status int(11) unsigned NOT NULL DEFAULT 0 COMMENT '0 ok, 1 deleted',
  created int(11) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  KEY idx_departName (departName),
  KEY idx_priority_status (priority, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMRelationShip (
  id int(11) unsigned NOT NULL AUTO_INCREMENT COMMENT 'relateId',
  smallId int(11) unsigned NOT NULL DEFAULT 0,
  bigId int(11) unsigned NOT NULL DEFAULT 0,
  status tinyint(1) unsigned DEFAULT 0,
  created int(11) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_smallId_bigId (smallId, bigId)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMMessage_0 (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  relateId int(11) unsigned NOT NULL,
  fromId int(11) unsigned NOT NULL,
  toId int(11) unsigned NOT NULL,
  msgId int(11) unsigned NOT NULL,
  content varchar(4096) COLLATE utf8mb4_bin DEFAULT '',
  type tinyint(2) unsigned NOT NULL DEFAULT 1,
  status tinyint(1) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  created int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_relateId_msgId (relateId, msgId),
  KEY idx_relateId_status_created (relateId, status, created),
  KEY idx_fromId_toId_created (fromId, toId, status),
  KEY idx_toId_status (toId, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMMessage_1 (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  relateId int(11) unsigned NOT NULL,
  fromId int(11) unsigned NOT NULL,
  toId int(11) unsigned NOT NULL,
  msgId int(11) unsigned NOT NULL,
  content varchar(4096) COLLATE utf8mb4_bin DEFAULT '',
  type tinyint(2) unsigned NOT NULL DEFAULT 1,
  status tinyint(1) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  created int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_relateId_msgId (relateId, msgId),
  KEY idx_relateId_status_created (relateId, status, created),
  KEY idx_fromId_toId_created (fromId, toId, status),
  KEY idx_toId_status (toId, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMMessage_2 (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  relateId int(11) unsigned NOT NULL,
  fromId int(11) unsigned NOT NULL,
  toId int(11) unsigned NOT NULL,
  msgId int(11) unsigned NOT NULL,
  content varchar(4096) COLLATE utf8mb4_bin DEFAULT '',
  type tinyint(2) unsigned NOT NULL DEFAULT 1,
  status tinyint(1) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  created int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_relateId_msgId (relateId, msgId),
  KEY idx_relateId_status_created (relateId, status, created),
  KEY idx_fromId_toId_created (fromId, toId, status),
  KEY idx_toId_status (toId, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMMessage_3 (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  relateId int(11) unsigned NOT NULL,
  fromId int(11) unsigned NOT NULL,
  toId int(11) unsigned NOT NULL,
  msgId int(11) unsigned NOT NULL,
  content varchar(4096) COLLATE utf8mb4_bin DEFAULT '',
  type tinyint(2) unsigned NOT NULL DEFAULT 1,
  status tinyint(1) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  created int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_relateId_msgId (relateId, msgId),
  KEY idx_relateId_status_created (relateId, status, created),
  KEY idx_fromId_toId_created (fromId, toId, status),
  KEY idx_toId_status (toId, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMMessage_4 (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  relateId int(11) unsigned NOT NULL,
  fromId int(11) unsigned NOT NULL,
  toId int(11) unsigned NOT NULL,
  msgId int(11) unsigned NOT NULL,
  content varchar(4096) COLLATE utf8mb4_bin DEFAULT '',
  type tinyint(2) unsigned NOT NULL DEFAULT 1,
  status tinyint(1) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  created int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_relateId_msgId (relateId, msgId),
  KEY idx_relateId_status_created (relateId, status, created),
  KEY idx_fromId_toId_created (fromId, toId, status),
  KEY idx_toId_status (toId, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMMessage_5 (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  relateId int(11) unsigned NOT NULL,
  fromId int(11) unsigned NOT NULL,
  toId int(11) unsigned NOT NULL,
  msgId int(11) unsigned NOT NULL,
  content varchar(4096) COLLATE utf8mb4_bin DEFAULT '',
  type tinyint(2) unsigned NOT NULL DEFAULT 1,
  status tinyint(1) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  created int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_relateId_msgId (relateId, msgId),
  KEY idx_relateId_status_created (relateId, status, created),
  KEY idx_fromId_toId_created (fromId, toId, status),
  KEY idx_toId_status (toId, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMMessage_6 (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  relateId int(11) unsigned NOT NULL,
  fromId int(11) unsigned NOT NULL,
  toId int(11) unsigned NOT NULL,
  msgId int(11) unsigned NOT NULL,
  content varchar(4096) COLLATE utf8mb4_bin DEFAULT '',
  type tinyint(2) unsigned NOT NULL DEFAULT 1,
  status tinyint(1) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  created int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_relateId_msgId (relateId, msgId),
  KEY idx_relateId_status_created (relateId, status, created),
  KEY idx_fromId_toId_created (fromId, toId, status),
  KEY idx_toId_status (toId, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMMessage_7 (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  relateId int(11) unsigned NOT NULL,
  fromId int(11) unsigned NOT NULL,
  toId int(11) unsigned NOT NULL,
  msgId int(11) unsigned NOT NULL,
  content varchar(4096) COLLATE utf8mb4_bin DEFAULT '',
  type tinyint(2) unsigned NOT NULL DEFAULT 1,
  status tinyint(1) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  created int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_relateId_msgId (relateId, msgId),
  KEY idx_relateId_status_created (relateId, status, created),
  KEY idx_fromId_toId_created (fromId, toId, status),
  KEY idx_toId_status (toId, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMGroup (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  name varchar(256) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  avatar varchar(256) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  creator int(11) unsigned NOT NULL DEFAULT 0,
  type tinyint(3) unsigned NOT NULL DEFAULT 1 COMMENT '1 normal (fixed), 2 temporary',
  userCnt int(11) unsigned NOT NULL DEFAULT 0,
  status tinyint(3) unsigned NOT NULL DEFAULT 0 COMMENT '0 normal, 1 deleted',
  version int(11) unsigned NOT NULL DEFAULT 1,
  lastChated int(11) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  created int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  KEY idx_name (name(191)),
  KEY idx_creator (creator)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMGroupMember (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  groupId int(11) unsigned NOT NULL,
  userId int(11) unsigned NOT NULL,
  status tinyint(4) unsigned NOT NULL DEFAULT 1 COMMENT '0 member, 1 left',
  created int(11) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_groupId_userId (groupId, userId),
  KEY idx_userId_status_updated (userId, status, updated),
  KEY idx_groupId_updated (groupId, updated)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMGroupMessage_0 (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  groupId int(11) unsigned NOT NULL,
  userId int(11) unsigned NOT NULL,
  msgId int(11) unsigned NOT NULL,
  content varchar(4096) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  type tinyint(3) unsigned NOT NULL DEFAULT 17,
  status tinyint(3) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  created int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_groupId_msgId (groupId, msgId),
  KEY idx_groupId_status_created (groupId, status, created)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMGroupMessage_1 (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  groupId int(11) unsigned NOT NULL,
  userId int(11) unsigned NOT NULL,
  msgId int(11) unsigned NOT NULL,
  content varchar(4096) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  type tinyint(3) unsigned NOT NULL DEFAULT 17,
  status tinyint(3) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  created int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_groupId_msgId (groupId, msgId),
  KEY idx_groupId_status_created (groupId, status, created)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMGroupMessage_2 (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  groupId int(11) unsigned NOT NULL,
  userId int(11) unsigned NOT NULL,
  msgId int(11) unsigned NOT NULL,
  content varchar(4096) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  type tinyint(3) unsigned NOT NULL DEFAULT 17,
  status tinyint(3) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  created int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_groupId_msgId (groupId, msgId),
  KEY idx_groupId_status_created (groupId, status, created)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMGroupMessage_3 (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  groupId int(11) unsigned NOT NULL,
  userId int(11) unsigned NOT NULL,
  msgId int(11) unsigned NOT NULL,
  content varchar(4096) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  type tinyint(3) unsigned NOT NULL DEFAULT 17,
  status tinyint(3) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  created int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_groupId_msgId (groupId, msgId),
  KEY idx_groupId_status_created (groupId, status, created)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMGroupMessage_4 (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  groupId int(11) unsigned NOT NULL,
  userId int(11) unsigned NOT NULL,
  msgId int(11) unsigned NOT NULL,
  content varchar(4096) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  type tinyint(3) unsigned NOT NULL DEFAULT 17,
  status tinyint(3) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  created int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_groupId_msgId (groupId, msgId),
  KEY idx_groupId_status_created (groupId, status, created)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMGroupMessage_5 (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  groupId int(11) unsigned NOT NULL,
  userId int(11) unsigned NOT NULL,
  msgId int(11) unsigned NOT NULL,
  content varchar(4096) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  type tinyint(3) unsigned NOT NULL DEFAULT 17,
  status tinyint(3) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  created int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_groupId_msgId (groupId, msgId),
  KEY idx_groupId_status_created (groupId, status, created)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMGroupMessage_6 (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  groupId int(11) unsigned NOT NULL,
  userId int(11) unsigned NOT NULL,
  msgId int(11) unsigned NOT NULL,
  content varchar(4096) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  type tinyint(3) unsigned NOT NULL DEFAULT 17,
  status tinyint(3) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  created int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_groupId_msgId (groupId, msgId),
  KEY idx_groupId_status_created (groupId, status, created)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMGroupMessage_7 (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  groupId int(11) unsigned NOT NULL,
  userId int(11) unsigned NOT NULL,
  msgId int(11) unsigned NOT NULL,
  content varchar(4096) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  type tinyint(3) unsigned NOT NULL DEFAULT 17,
  status tinyint(3) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  created int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_groupId_msgId (groupId, msgId),
  KEY idx_groupId_status_created (groupId, status, created)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMRecentSession (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  userId int(11) unsigned NOT NULL,
  peerId int(11) unsigned NOT NULL COMMENT 'user id or group id',
  type tinyint(1) unsigned DEFAULT 0 COMMENT '1 user, 2 group',
  status tinyint(1) unsigned DEFAULT 0 COMMENT '0 ok, 1 deleted',
  created int(11) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_userId_peerId_type (userId, peerId, type),
  KEY idx_userId_status_updated (userId, status, updated)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMAudio (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  fromId int(11) unsigned NOT NULL,
  toId int(11) unsigned NOT NULL COMMENT 'user or group',
  path varchar(255) COLLATE utf8mb4_bin DEFAULT '' COMMENT 'TeamTalk kept an msfs URL here',
  size int(11) unsigned NOT NULL DEFAULT 0,
  duration int(11) unsigned NOT NULL DEFAULT 0,
  created int(11) unsigned NOT NULL DEFAULT 0,
  data mediumblob COMMENT 'TeamTalk-J keeps the audio bytes here instead of calling msfs on the hot path',
  PRIMARY KEY (id),
  KEY idx_fromId_toId (fromId, toId)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS IMTransmitFile (
  id int(11) unsigned NOT NULL AUTO_INCREMENT,
  fromId int(11) unsigned NOT NULL,
  toId int(11) unsigned NOT NULL,
  fileName varchar(255) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  size int(11) unsigned NOT NULL DEFAULT 0,
  taskId varchar(64) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  status tinyint(1) unsigned NOT NULL DEFAULT 0 COMMENT '0 waiting, 1 taken or deleted',
  created int(11) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_taskId (taskId),
  KEY idx_toId_status (toId, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- TeamTalk-J: the last message each user has read per session, so unread counters (a Redis
-- cache) can be recomputed after Redis loses them. type: 1 single (peerId = user), 2 group.
CREATE TABLE IF NOT EXISTS TTReadPosition (
  userId int(11) unsigned NOT NULL,
  peerId int(11) unsigned NOT NULL,
  type tinyint(1) unsigned NOT NULL,
  readMsgId int(11) unsigned NOT NULL DEFAULT 0,
  updated int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (userId, peerId, type)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
