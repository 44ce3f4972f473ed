-- TeamTalk-J: department members are looked up at every login (whose status a user's changes
-- concern), so IMUser gets an index on its department.
CREATE INDEX idx_departId_status ON IMUser (departId, status);
