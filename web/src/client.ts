// The chat model: login through discovery, directory, presence, sessions with unread counts,
// conversations with history and delivery states, reconnect with backoff and resync. The UI
// renders from this state and calls its methods; it never touches the socket.
import { md5 } from "js-md5";
import { IM } from "../gen/proto.js";
import { Connection } from "./connection";
import { Cmd, Pdu } from "./pdu";
import { decodeOrRaw, encodeText, imageText, imageUrl } from "./text";

type UserInfo = IM.BaseDefine.UserInfo.$Properties;
type DepartInfo = IM.BaseDefine.DepartInfo.$Properties;
type GroupInfo = IM.BaseDefine.GroupInfo.$Properties;

const SessionType = IM.BaseDefine.SessionType;
const MsgType = IM.BaseDefine.MsgType;
export const UserStat = IM.BaseDefine.UserStatType;

export const PAGE = 20;
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];

export type Status = "signed-out" | "connecting" | "online" | "reconnecting";
export type Delivery = "sending" | "stored" | "failed";

export interface Message {
  /** Server msg id; 0 until the server stored it. */
  msgId: number;
  from: number;
  time: number;
  text: string;
  /** Set for messages this client sent in this page's life. */
  clientMsgId?: string;
  delivery: Delivery;
  reason?: string;
}

export interface Conversation {
  key: string;
  type: number;
  id: number;
  /** Stored messages by msg id. */
  stored: Map<number, Message>;
  /** Sent from here and not stored yet (sending or failed), in send order. */
  outgoing: Message[];
  /** Every message older than the oldest loaded one is loaded too. */
  complete: boolean;
  loading: boolean;
  loaded: boolean;
}

export interface Session {
  key: string;
  type: number;
  id: number;
  latestMsgId: number;
  lastText: string;
  lastFrom: number;
  updated: number;
  unread: number;
}

export function sessionKey(type: number, id: number): string {
  return (type === SessionType.SESSION_TYPE_GROUP ? "g" : "u") + id;
}

function isGroupMsg(t: number): boolean {
  return t === MsgType.MSG_TYPE_GROUP_TEXT || t === MsgType.MSG_TYPE_GROUP_AUDIO;
}

function preview(type: number, data: Uint8Array): string {
  if (type === MsgType.MSG_TYPE_SINGLE_AUDIO || type === MsgType.MSG_TYPE_GROUP_AUDIO) {
    return "[voice message]";
  }
  return decodeOrRaw(data);
}

/** What the chat list shows for a message's text: images as "[image]". */
function summary(text: string): string {
  return imageUrl(text) ? "[image]" : text;
}

export class ChatClient {
  status: Status = "signed-out";
  /** Why the last connection ended or the last login failed, for the UI. */
  notice = "";
  me: UserInfo | null = null;
  users = new Map<number, UserInfo>();
  departments = new Map<number, DepartInfo>();
  presence = new Map<number, number>();
  groups = new Map<number, GroupInfo>();
  sessions = new Map<string, Session>();
  conversations = new Map<string, Conversation>();
  /** The conversation on screen, if any. */
  openKey: string | null = null;
  reconnects = 0;

  private conn: Connection | null = null;
  /** The image store (discovery's msfsPrior). */
  private msfs = "";
  private loginName = "";
  private passwordMd5 = "";
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** A connect (login and sync) is in progress: a close then is that attempt's failure, not a new one. */
  private connecting = false;
  private clientMsgSeq = 0;
  private readonly clientMsgPrefix = "web-" + Math.random().toString(36).slice(2, 10);

  constructor(private readonly changed: () => void, private readonly discoveryUrl = "/msg_server") {}

  get userId(): number {
    return this.me ? this.me.userId : 0;
  }

  // ---------------------------------------------------------------------------------------- login

  async login(userName: string, password: string): Promise<void> {
    this.loginName = userName;
    this.passwordMd5 = md5(password);
    this.status = "connecting";
    this.notice = "";
    this.changed();
    try {
      await this.connectAndSync();
    } catch (e) {
      this.status = "signed-out";
      this.notice = (e as Error).message;
      this.conn?.close();
      this.conn = null;
      this.changed();
      throw e;
    }
  }

  /** Logs out on the server, closes, forgets everything. */
  async signOut(): Promise<void> {
    const conn = this.conn;
    this.stopRetry();
    this.status = "signed-out";
    this.conn = null;
    if (conn && conn.isOpen) {
      try {
        await conn.request(Cmd.LOGOUT_REQ, IM.Login.IMLogoutReq.encode({}).finish(), Cmd.LOGOUT_RES, 3000);
      } catch {
        // closing anyway
      }
    }
    conn?.close();
    this.me = null;
    this.users.clear();
    this.departments.clear();
    this.presence.clear();
    this.groups.clear();
    this.sessions.clear();
    this.conversations.clear();
    this.openKey = null;
    this.notice = "";
    this.changed();
  }

  private async discover(): Promise<string> {
    const res = await fetch(this.discoveryUrl, { cache: "no-store" });
    if (!res.ok) {
      throw new Error(`discovery failed: HTTP ${res.status}`);
    }
    const json = await res.json();
    if (json.code !== 0) {
      throw new Error(`no msg-server available: ${json.msg || json.code}`);
    }
    if (!json.wsUrl) {
      throw new Error("the msg-server offers no WebSocket (is --ws-port -1?)");
    }
    this.msfs = typeof json.msfsPrior === "string" ? json.msfsPrior : "";
    return json.wsUrl as string;
  }

  private async connectAndSync(): Promise<void> {
    this.connecting = true;
    try {
      await this.connectAndSyncOnce();
    } finally {
      this.connecting = false;
    }
  }

  private async connectAndSyncOnce(): Promise<void> {
    const url = await this.discover();
    const conn = new Connection((p) => this.onPush(conn, p), (why) => this.onClosed(conn, why));
    await conn.open(url);
    this.conn = conn;
    const res = IM.Login.IMLoginRes.decode(await conn.request(Cmd.LOGIN_REQ, IM.Login.IMLoginReq.encode({
      userName: this.loginName,
      password: this.passwordMd5,
      onlineStatus: UserStat.USER_STATUS_ONLINE,
      clientType: IM.BaseDefine.ClientType.CLIENT_TYPE_WINDOWS,
      clientVersion: "teamtalk-j-web/0.1",
    }).finish(), Cmd.LOGIN_RES));
    if (res.resultCode !== IM.BaseDefine.ResultType.REFUSE_REASON_NONE) {
      throw new Error(res.resultString || `login refused (${res.resultCode})`);
    }
    this.me = res.userInfo ?? null;
    this.status = "online";
    this.attempt = 0;
    this.changed();
    await this.sync();
  }

  private onClosed(conn: Connection, why: string): void {
    if (conn !== this.conn || this.status === "signed-out") {
      return;
    }
    this.conn = null;
    if (this.connecting) {
      return; // the login or sync in progress fails now, and that attempt schedules the next one
    }
    this.status = "reconnecting";
    this.notice = why;
    this.changed();
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)] * (0.75 + Math.random() * 0.5);
    this.attempt++;
    this.retryTimer = setTimeout(async () => {
      this.retryTimer = null;
      if (this.status !== "reconnecting") {
        return;
      }
      try {
        await this.connectAndSync();
        this.reconnects++;
        this.notice = "";
        this.changed();
      } catch (e) {
        if ((this.status as Status) === "signed-out") {
          return;
        }
        this.conn?.close();
        this.conn = null;
        this.status = "reconnecting";
        this.notice = (e as Error).message;
        this.changed();
        this.scheduleRetry();
      }
    }, delay);
  }

  private stopRetry(): void {
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
  }

  // ---------------------------------------------------------------------------------------- sync

  /** Everything the screens show, fetched after every (re)login; then unsent messages go out again. */
  private async sync(): Promise<void> {
    const conn = this.conn!;
    const uid = this.userId;
    const [depts, users] = await Promise.all([
      conn.request(Cmd.DEPARTMENTS_REQ, IM.Buddy.IMDepartmentReq.encode({ userId: uid, latestUpdateTime: 0 }).finish(),
        Cmd.DEPARTMENTS_RES),
      conn.request(Cmd.ALL_USERS_REQ, IM.Buddy.IMAllUserReq.encode({ userId: uid, latestUpdateTime: 0 }).finish(),
        Cmd.ALL_USERS_RES),
    ]);
    this.departments.clear();
    for (const d of IM.Buddy.IMDepartmentRsp.decode(depts).deptList ?? []) {
      this.departments.set(d.deptId, d);
    }
    this.users.clear();
    for (const u of IM.Buddy.IMAllUserRsp.decode(users).userList ?? []) {
      this.users.set(u.userId, u);
    }
    await Promise.all([this.loadPresence(), this.loadSessions(), this.loadGroups()]);
    this.changed();
    // conversations seen before a reconnect: fetch what arrived meanwhile
    for (const c of this.conversations.values()) {
      if (c.loaded) {
        await this.loadLatest(c);
      }
    }
    if (this.openKey) {
      this.markRead(this.openKey);
    }
    for (const c of this.conversations.values()) {
      for (const m of c.outgoing) {
        if (m.delivery === "sending") {
          this.transmit(c, m);
        }
      }
    }
    this.changed();
  }

  private async loadPresence(): Promise<void> {
    const ids = [...this.users.keys()];
    if (ids.length === 0) {
      return;
    }
    const rsp = IM.Buddy.IMUsersStatRsp.decode(await this.conn!.request(Cmd.USERS_STATUS_REQ,
      IM.Buddy.IMUsersStatReq.encode({ userId: this.userId, userIdList: ids }).finish(), Cmd.USERS_STATUS_RES));
    this.presence.clear();
    for (const s of rsp.userStatList ?? []) {
      this.presence.set(s.userId, s.status);
    }
  }

  private async loadSessions(): Promise<void> {
    const conn = this.conn!;
    const [recent, unread] = await Promise.all([
      conn.request(Cmd.RECENT_SESSIONS_REQ, IM.Buddy.IMRecentContactSessionReq.encode({
        userId: this.userId, latestUpdateTime: 0 }).finish(), Cmd.RECENT_SESSIONS_RES),
      conn.request(Cmd.UNREAD_REQ, IM.Message.IMUnreadMsgCntReq.encode({ userId: this.userId }).finish(), Cmd.UNREAD_RES),
    ]);
    const sessions = new Map<string, Session>();
    for (const s of IM.Buddy.IMRecentContactSessionRsp.decode(recent).contactSessionList ?? []) {
      if (s.sessionStatus !== IM.BaseDefine.SessionStatusType.SESSION_STATUS_OK) {
        continue;
      }
      const key = sessionKey(s.sessionType, s.sessionId);
      sessions.set(key, { key, type: s.sessionType, id: s.sessionId, latestMsgId: s.latestMsgId,
        lastText: summary(preview(s.latestMsgType, s.latestMsgData)), lastFrom: s.latestMsgFromUserId, updated: s.updatedTime,
        unread: 0 });
    }
    for (const u of IM.Message.IMUnreadMsgCntRsp.decode(unread).unreadinfoList ?? []) {
      const key = sessionKey(u.sessionType, u.sessionId);
      const s = sessions.get(key) ?? { key, type: u.sessionType, id: u.sessionId, latestMsgId: u.latestMsgId,
        lastText: summary(preview(u.latestMsgType, u.latestMsgData)), lastFrom: u.latestMsgFromUserId,
        updated: Math.floor(Date.now() / 1000), unread: 0 };
      s.unread = key === this.openKey ? 0 : u.unreadCnt;
      sessions.set(key, s);
    }
    this.sessions = sessions;
  }

  private async loadGroups(): Promise<void> {
    const conn = this.conn!;
    const list = IM.Group.IMNormalGroupListRsp.decode(await conn.request(Cmd.GROUP_LIST_REQ,
      IM.Group.IMNormalGroupListReq.encode({ userId: this.userId }).finish(), Cmd.GROUP_LIST_RES));
    const ids = new Set<number>((list.groupVersionList ?? []).map((g) => g.groupId));
    for (const s of this.sessions.values()) {
      if (s.type === SessionType.SESSION_TYPE_GROUP) {
        ids.add(s.id);
      }
    }
    await this.loadGroupInfo([...ids]);
  }

  async loadGroupInfo(ids: number[]): Promise<void> {
    if (ids.length === 0 || !this.conn) {
      return;
    }
    const rsp = IM.Group.IMGroupInfoListRsp.decode(await this.conn.request(Cmd.GROUP_INFO_REQ,
      IM.Group.IMGroupInfoListReq.encode({ userId: this.userId,
        groupVersionList: ids.map((groupId) => ({ groupId, version: 0 })) }).finish(), Cmd.GROUP_INFO_RES));
    for (const g of rsp.groupInfoList ?? []) {
      this.groups.set(g.groupId, g);
    }
  }

  // ---------------------------------------------------------------------------------------- pushes

  private onPush(conn: Connection, pdu: Pdu): void {
    if (conn !== this.conn) {
      return;
    }
    switch (pdu.commandId) {
      case Cmd.MSG_DATA:
        this.onMessage(IM.Message.IMMsgData.decode(pdu.body));
        break;
      case Cmd.STATUS_NOTIFY: {
        const s = IM.Buddy.IMUserStatNotify.decode(pdu.body).userStat;
        this.presence.set(s.userId, s.status);
        this.changed();
        break;
      }
      case Cmd.MSG_READ_NOTIFY: {
        // another device of mine read this session
        const n = IM.Message.IMMsgDataReadNotify.decode(pdu.body);
        const s = this.sessions.get(sessionKey(n.sessionType, n.sessionId));
        if (s) {
          s.unread = 0;
          this.changed();
        }
        break;
      }
      case Cmd.GROUP_CHANGE_MEMBER_NOTIFY: {
        const n = IM.Group.IMGroupChangeMemberNotify.decode(pdu.body);
        this.loadGroupInfo([n.groupId]).then(() => this.changed(), () => undefined);
        break;
      }
      case Cmd.KICK_USER: {
        const k = IM.Login.IMKickUser.decode(pdu.body);
        const why = k.kickReason === IM.BaseDefine.KickReasonType.KICK_REASON_DUPLICATE_USER
          ? "signed in somewhere else" : "signed out by the server";
        this.signOut().then(() => {
          this.notice = why;
          this.changed();
        });
        break;
      }
      default:
        break; // STOP_RECV (a draining server): the close that follows triggers the reconnect
    }
  }

  private onMessage(m: IM.Message.IMMsgData): void {
    const group = isGroupMsg(m.msgType);
    const type = group ? SessionType.SESSION_TYPE_GROUP : SessionType.SESSION_TYPE_SINGLE;
    const peer = group ? m.toSessionId : m.fromUserId === this.userId ? m.toSessionId : m.fromUserId;
    // receiver ack: the server counts the delivery as done
    this.conn?.send(Cmd.MSG_DATA_ACK, IM.Message.IMMsgDataAck.encode({ userId: this.userId,
      sessionId: group ? m.toSessionId : m.fromUserId, msgId: m.msgId, sessionType: type }).finish());
    const key = sessionKey(type, peer);
    const text = preview(m.msgType, m.msgData);
    const c = this.conversations.get(key);
    const fresh = !c || !c.stored.has(m.msgId);
    if (c && c.loaded) {
      c.stored.set(m.msgId, { msgId: m.msgId, from: m.fromUserId, time: m.createTime, text, delivery: "stored" });
    }
    const s = this.session(type, peer);
    if (m.msgId >= s.latestMsgId) {
      s.latestMsgId = m.msgId;
      s.lastText = summary(text);
      s.lastFrom = m.fromUserId;
      s.updated = m.createTime;
    }
    if (fresh && m.fromUserId !== this.userId) {
      if (key === this.openKey && document.visibilityState === "visible") {
        this.markRead(key);
      } else {
        s.unread++;
      }
    }
    if (group && !this.groups.has(peer)) {
      this.loadGroupInfo([peer]).then(() => this.changed(), () => undefined);
    }
    this.changed();
  }

  private session(type: number, id: number): Session {
    const key = sessionKey(type, id);
    let s = this.sessions.get(key);
    if (!s) {
      s = { key, type, id, latestMsgId: 0, lastText: "", lastFrom: 0, updated: Math.floor(Date.now() / 1000), unread: 0 };
      this.sessions.set(key, s);
    }
    return s;
  }

  // ---------------------------------------------------------------------------------------- conversations

  conversation(key: string): Conversation {
    let c = this.conversations.get(key);
    if (!c) {
      const group = key.startsWith("g");
      c = { key, type: group ? SessionType.SESSION_TYPE_GROUP : SessionType.SESSION_TYPE_SINGLE,
        id: Number(key.substring(1)), stored: new Map(), outgoing: [], complete: false, loading: false, loaded: false };
      this.conversations.set(key, c);
    }
    return c;
  }

  /** Shows a conversation: loads its latest page once, then marks it read. */
  async open(key: string): Promise<void> {
    this.openKey = key;
    const c = this.conversation(key);
    this.changed();
    if (!c.loaded) {
      await this.loadLatest(c);
    }
    this.markRead(key);
    this.changed();
  }

  close(): void {
    this.openKey = null;
    this.changed();
  }

  /** The newest page; merged into what is loaded (after a reconnect it fills the gap). */
  private async loadLatest(c: Conversation): Promise<void> {
    if (!this.conn) {
      return;
    }
    const msgs = await this.history(c, 0);
    const firstLoad = !c.loaded;
    for (const m of msgs) {
      c.stored.set(m.msgId, m);
    }
    c.loaded = true;
    if (firstLoad && (msgs.length < PAGE || msgs.some((m) => m.msgId <= 1))) {
      c.complete = true;
    }
  }

  /** One page older than the oldest loaded message (scrolling up); false when there is nothing older. */
  async loadOlder(key: string): Promise<boolean> {
    const c = this.conversation(key);
    if (c.loading || c.complete || !this.conn) {
      return false;
    }
    const oldest = Math.min(...c.stored.keys());
    if (!Number.isFinite(oldest) || oldest <= 1) {
      c.complete = true;
      return false;
    }
    c.loading = true;
    this.changed();
    try {
      const msgs = await this.history(c, oldest - 1);
      for (const m of msgs) {
        c.stored.set(m.msgId, m);
      }
      if (msgs.length < PAGE || msgs.some((m) => m.msgId <= 1)) {
        c.complete = true;
      }
      return msgs.length > 0;
    } finally {
      c.loading = false;
      this.changed();
    }
  }

  private async history(c: Conversation, begin: number): Promise<Message[]> {
    const rsp = IM.Message.IMGetMsgListRsp.decode(await this.conn!.request(Cmd.MSG_LIST_REQ,
      IM.Message.IMGetMsgListReq.encode({ userId: this.userId, sessionType: c.type, sessionId: c.id, msgIdBegin: begin,
        msgCnt: PAGE }).finish(), Cmd.MSG_LIST_RES));
    return (rsp.msgList ?? []).map((m) => ({ msgId: m.msgId, from: m.fromSessionId, time: m.createTime,
      text: preview(m.msgType, m.msgData), delivery: "stored" as Delivery }));
  }

  /** Read ack up to the newest message: clears the unread count here and on my other devices. */
  markRead(key: string): void {
    const c = this.conversations.get(key);
    const s = this.sessions.get(key);
    const newest = Math.max(s ? s.latestMsgId : 0, c && c.stored.size ? Math.max(...c.stored.keys()) : 0);
    if (s) {
      s.unread = 0;
    }
    if (newest > 0 && c) {
      this.conn?.send(Cmd.MSG_READ_ACK, IM.Message.IMMsgDataReadAck.encode({ userId: this.userId, sessionId: c.id,
        msgId: newest, sessionType: c.type }).finish());
    }
  }

  /** Sends a text; it shows at once as "sending", then "stored" or "failed" with the reason. */
  sendText(key: string, text: string): Message {
    const c = this.conversation(key);
    const m: Message = { msgId: 0, from: this.userId, time: Math.floor(Date.now() / 1000), text,
      clientMsgId: `${this.clientMsgPrefix}-${++this.clientMsgSeq}`, delivery: "sending" };
    c.outgoing.push(m);
    const s = this.session(c.type, c.id);
    s.lastText = summary(text);
    s.lastFrom = this.userId;
    s.updated = m.time;
    this.changed();
    if (this.conn && this.conn.isOpen) {
      this.transmit(c, m);
    } // else: sent after the reconnect (sync)
    return m;
  }

  /**
   * Uploads an image to the image store (POST multipart, as TeamTalk's clients do) and sends it as
   * a TeamTalk image message: a text wrapping the stored image's URL.
   */
  async sendImage(key: string, file: Blob, name: string): Promise<Message> {
    if (!this.msfs) {
      throw new Error("no image store configured");
    }
    const form = new FormData();
    form.append("file", file, name);
    const res = await fetch(this.msfs, { method: "POST", body: form });
    const json = await res.json().catch(() => ({ error_code: -1, error_msg: `HTTP ${res.status}` }));
    if (json.error_code !== 0 || typeof json.url !== "string") {
      throw new Error(`image upload failed: ${json.error_msg || res.status}`);
    }
    return this.sendText(key, imageText(json.url));
  }

  /** Sends a failed message again with the same client msg id (the server stores it at most once). */
  retry(key: string, clientMsgId: string): void {
    const c = this.conversation(key);
    const m = c.outgoing.find((o) => o.clientMsgId === clientMsgId);
    if (m && m.delivery === "failed") {
      m.delivery = "sending";
      m.reason = undefined;
      this.changed();
      if (this.conn && this.conn.isOpen) {
        this.transmit(c, m);
      }
    }
  }

  private transmit(c: Conversation, m: Message): void {
    const conn = this.conn!;
    const group = c.type === SessionType.SESSION_TYPE_GROUP;
    conn.request(Cmd.MSG_DATA, IM.Message.IMMsgData.encode({ fromUserId: this.userId, toSessionId: c.id, msgId: 0,
      createTime: m.time, msgType: group ? MsgType.MSG_TYPE_GROUP_TEXT : MsgType.MSG_TYPE_SINGLE_TEXT,
      msgData: encodeText(m.text), ttClientMsgId: m.clientMsgId }).finish(), Cmd.MSG_DATA_ACK).then((body) => {
      const ack = IM.Message.IMMsgDataAck.decode(body);
      if (ack.msgId === 0) {
        m.delivery = "failed";
        m.reason = ack.ttStoreReason || `refused (store result ${ack.ttStoreResult ?? "?"})`;
      } else {
        m.delivery = "stored";
        m.msgId = ack.msgId;
        c.outgoing = c.outgoing.filter((o) => o !== m);
        c.stored.set(m.msgId, m);
        const s = this.session(c.type, c.id);
        s.latestMsgId = Math.max(s.latestMsgId, m.msgId);
      }
      this.changed();
    }, (e: Error) => {
      if (conn === this.conn && conn.isOpen) {
        m.delivery = "failed"; // connected, yet no answer: let the user retry
        m.reason = e.message;
        this.changed();
      } // connection lost: stays "sending" and goes out again after the reconnect
    });
  }

  // ---------------------------------------------------------------------------------------- names

  userName(id: number): string {
    const u = this.users.get(id);
    return u ? u.userNickName || u.userRealName || u.userDomain : `user ${id}`;
  }

  title(key: string): string {
    const id = Number(key.substring(1));
    if (key.startsWith("g")) {
      const g = this.groups.get(id);
      return g ? g.groupName : `group ${id}`;
    }
    return this.userName(id);
  }
}
