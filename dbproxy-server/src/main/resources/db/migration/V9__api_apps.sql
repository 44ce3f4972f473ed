-- TeamTalk-J api-server: applications that call the HTTP API and what they used.
-- secretHash is hex(SHA-256(secret)): the key requests are signed with (HMAC-SHA256); the secret
-- itself is shown once when the app is added and never stored.
CREATE TABLE IF NOT EXISTS TTApiApp (
  id           INT UNSIGNED NOT NULL AUTO_INCREMENT,
  name         VARCHAR(64)  NOT NULL,
  appKey       CHAR(32)     NOT NULL,
  secretHash   CHAR(64)     NOT NULL,
  scopes       VARCHAR(128) NOT NULL DEFAULT '',
  callsPerDay  INT UNSIGNED NOT NULL DEFAULT 0 COMMENT '0 = no limit',
  pushesPerDay INT UNSIGNED NOT NULL DEFAULT 0 COMMENT '0 = no limit',
  expiresAt    INT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'unix seconds, 0 = never',
  created      INT UNSIGNED NOT NULL,
  updated      INT UNSIGNED NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_api_app_name (name),
  UNIQUE KEY uk_api_app_key (appKey)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per app, UTC day, kind (0 call, 1 push) and api; the api-server adds counts in batches.
CREATE TABLE IF NOT EXISTS TTApiUsage (
  appId  INT UNSIGNED    NOT NULL,
  day    INT UNSIGNED    NOT NULL COMMENT 'yyyymmdd UTC',
  kind   TINYINT UNSIGNED NOT NULL,
  api    VARCHAR(64)     NOT NULL,
  count  BIGINT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (appId, day, kind, api)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
