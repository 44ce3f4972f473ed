-- TeamTalk-J api-server, issue 17: signing keys encrypted at rest, and request nonces (replays).
-- signingKeyEnc is "v1:" + base64(iv | AES-256-GCM(master key, hex(SHA-256(secret)))), with the
-- app key as associated data; the master key is the dbproxy's --api-master-key-file and never in
-- MySQL, so a copy of this table cannot sign requests. Rows from V9 (secretHash set, signingKeyEnc
-- empty) are encrypted by the dbproxy when it first lists the apps with a master key, and their
-- secretHash is blanked then (their secrets keep working; rotate them to retire copies of old dumps).
ALTER TABLE TTApiApp ADD COLUMN signingKeyEnc VARCHAR(255) NOT NULL DEFAULT '' AFTER secretHash;

-- A nonce an app used, kept until the request's timestamp is out of the window (expiresAt); the
-- primary key makes a second use fail, whichever api-server it reaches.
CREATE TABLE IF NOT EXISTS TTApiNonce (
  appId     INT UNSIGNED NOT NULL,
  nonce     VARCHAR(64)  NOT NULL,
  expiresAt INT UNSIGNED NOT NULL COMMENT 'unix seconds',
  PRIMARY KEY (appId, nonce),
  KEY idx_api_nonce_expires (expiresAt)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
