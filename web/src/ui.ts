// The screens: login; sessions with unread badges; contacts by department with presence; a
// conversation with history on scroll up and delivery states; group info; sign-out. Everything
// is re-rendered from the ChatClient's state on each change (coalesced per animation frame).
import { ChatClient, Conversation, Message, UserStat, sessionKey } from "./client";
import { byId, el } from "./dom";
import { imageUrl } from "./text";

const STATUS_TEXT: Record<string, string> = {
  "signed-out": "signed out",
  connecting: "connecting…",
  online: "online",
  reconnecting: "reconnecting…",
};

export class ChatUi {
  private readonly client: ChatClient;
  private tab: "sessions" | "contacts" = "sessions";
  private showGroupInfo = false;
  private scheduled = false;
  private renderedKey: string | null = null;

  constructor() {
    this.client = new ChatClient(() => this.schedule());
    byId<HTMLFormElement>("login-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      this.login();
    });
    byId("sign-out").addEventListener("click", () => this.client.signOut());
    byId("tab-sessions").addEventListener("click", () => this.switchTab("sessions"));
    byId("tab-contacts").addEventListener("click", () => this.switchTab("contacts"));
    byId("group-info-toggle").addEventListener("click", () => {
      this.showGroupInfo = !this.showGroupInfo;
      this.schedule();
    });
    byId<HTMLFormElement>("composer").addEventListener("submit", (ev) => {
      ev.preventDefault();
      this.send();
    });
    byId<HTMLInputElement>("composer-image").addEventListener("change", (ev) => {
      const input = ev.target as HTMLInputElement;
      const file = input.files && input.files[0];
      const key = this.client.openKey;
      input.value = "";
      if (file && key) {
        byId("composer-error").textContent = "";
        this.client.sendImage(key, file, file.name).catch((e: Error) => {
          byId("composer-error").textContent = e.message;
        });
      }
    });
    const messages = byId("messages");
    messages.addEventListener("scroll", () => {
      if (messages.scrollTop < 40 && this.client.openKey) {
        this.client.loadOlder(this.client.openKey).catch(() => undefined);
      }
    });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && this.client.openKey) {
        this.client.markRead(this.client.openKey);
        this.schedule();
      }
    });
    this.render();
  }

  /** For tests and the console. */
  get model(): ChatClient {
    return this.client;
  }

  private async login(): Promise<void> {
    const user = byId<HTMLInputElement>("login-user").value.trim();
    const password = byId<HTMLInputElement>("login-password").value;
    if (!user || !password) {
      byId("login-error").textContent = "user name and password, please";
      return;
    }
    byId<HTMLButtonElement>("login-submit").disabled = true;
    try {
      await this.client.login(user, password);
      byId<HTMLInputElement>("login-password").value = "";
    } catch {
      // the notice shows the reason
    } finally {
      byId<HTMLButtonElement>("login-submit").disabled = false;
      this.schedule();
    }
  }

  private send(): void {
    const input = byId<HTMLInputElement>("composer-text");
    const text = input.value;
    if (!text.trim() || !this.client.openKey) {
      return;
    }
    input.value = "";
    this.client.sendText(this.client.openKey, text);
  }

  private switchTab(tab: "sessions" | "contacts"): void {
    this.tab = tab;
    this.schedule();
  }

  private open(key: string): void {
    this.showGroupInfo = false;
    this.client.open(key).catch(() => undefined);
  }

  private schedule(): void {
    if (!this.scheduled) {
      this.scheduled = true;
      requestAnimationFrame(() => {
        this.scheduled = false;
        this.render();
      });
    }
  }

  private render(): void {
    const c = this.client;
    const signedIn = c.me !== null;
    byId("login-screen").hidden = signedIn;
    byId("main-screen").hidden = !signedIn;
    byId("login-error").textContent = signedIn ? "" : c.notice;
    if (!signedIn) {
      return;
    }
    byId("me").textContent = c.userName(c.userId);
    const status = byId("status");
    status.textContent = STATUS_TEXT[c.status] + (c.status === "reconnecting" && c.notice ? ` (${c.notice})` : "");
    status.className = "status " + c.status;
    byId("tab-sessions").classList.toggle("active", this.tab === "sessions");
    byId("tab-contacts").classList.toggle("active", this.tab === "contacts");
    const totalUnread = [...c.sessions.values()].reduce((n, s) => n + s.unread, 0);
    byId("total-unread").textContent = totalUnread > 0 ? String(totalUnread) : "";
    byId("sessions").hidden = this.tab !== "sessions";
    byId("contacts").hidden = this.tab !== "contacts";
    if (this.tab === "sessions") {
      this.renderSessions();
    } else {
      this.renderContacts();
    }
    this.renderConversation();
  }

  private presenceClass(userId: number): string {
    const s = this.client.presence.get(userId);
    return s === UserStat.USER_STATUS_ONLINE ? "online" : s === UserStat.USER_STATUS_LEAVE ? "away" : "offline";
  }

  private renderSessions(): void {
    const c = this.client;
    const list = [...c.sessions.values()].sort((a, b) => b.updated - a.updated || b.latestMsgId - a.latestMsgId);
    const items = list.map((s) => el("li", {
      class: "session" + (s.key === c.openKey ? " open" : ""), "data-key": s.key, onclick: () => this.open(s.key),
    },
    s.key.startsWith("u") ? el("span", { class: "presence " + this.presenceClass(s.id) }) : el("span", { class: "group-icon" }, "#"),
    el("span", { class: "title" }, c.title(s.key)),
    s.unread > 0 ? el("span", { class: "unread" }, String(s.unread)) : null,
    el("div", { class: "last" }, (s.lastFrom && s.key.startsWith("g") ? c.userName(s.lastFrom) + ": " : "") + s.lastText)));
    byId("sessions").replaceChildren(...(items.length ? items : [el("li", { class: "empty" }, "No conversations yet: pick a contact.")]));
  }

  private renderContacts(): void {
    const c = this.client;
    const byDept = new Map<number, number[]>();
    for (const u of c.users.values()) {
      if (u.userId === c.userId) {
        continue;
      }
      const list = byDept.get(u.departmentId) ?? [];
      list.push(u.userId);
      byDept.set(u.departmentId, list);
    }
    const depts = [...byDept.keys()].sort((a, b) => {
      const da = c.departments.get(a);
      const db = c.departments.get(b);
      return (da?.priority ?? 0) - (db?.priority ?? 0) || (da?.deptName ?? "").localeCompare(db?.deptName ?? "");
    });
    const nodes: HTMLElement[] = [];
    for (const d of depts) {
      nodes.push(el("li", { class: "dept" }, c.departments.get(d)?.deptName ?? `department ${d}`));
      const ids = byDept.get(d)!.sort((a, b) => c.userName(a).localeCompare(c.userName(b)));
      for (const id of ids) {
        nodes.push(el("li", { class: "contact", "data-user-id": id, onclick: () => this.open(sessionKey(1, id)) },
          el("span", { class: "presence " + this.presenceClass(id), title: this.presenceClass(id) }),
          el("span", { class: "title" }, c.userName(id))));
      }
    }
    if (c.groups.size > 0) {
      nodes.push(el("li", { class: "dept" }, "Groups"));
      for (const g of c.groups.values()) {
        nodes.push(el("li", { class: "group-entry", "data-group-id": g.groupId, onclick: () => this.open(sessionKey(2, g.groupId)) },
          el("span", { class: "group-icon" }, "#"), el("span", { class: "title" }, g.groupName)));
      }
    }
    byId("contacts").replaceChildren(...nodes);
  }

  private renderConversation(): void {
    const c = this.client;
    const key = c.openKey;
    byId("conversation").hidden = key === null;
    byId("no-conversation").hidden = key !== null;
    if (key === null) {
      this.renderedKey = null;
      return;
    }
    const conv = c.conversation(key);
    const group = key.startsWith("g");
    byId("conv-title").textContent = c.title(key);
    byId("conv-presence").className = group ? "" : "presence " + this.presenceClass(conv.id);
    byId("group-info-toggle").hidden = !group;
    this.renderGroupInfo(group ? conv.id : 0);

    const box = byId("messages");
    const switched = this.renderedKey !== key;
    const fromBottom = box.scrollHeight - box.scrollTop;
    const atBottom = switched || box.scrollHeight - box.scrollTop - box.clientHeight < 40;
    const nodes: HTMLElement[] = [];
    if (conv.loading) {
      nodes.push(el("div", { class: "loading-older" }, "loading older messages…"));
    } else if (conv.complete && conv.loaded) {
      nodes.push(el("div", { class: "history-start" }, "start of the conversation"));
    }
    const stored = [...conv.stored.values()].sort((a, b) => a.msgId - b.msgId);
    for (const m of stored) {
      nodes.push(this.messageNode(key, m, group));
    }
    for (const m of conv.outgoing) {
      nodes.push(this.messageNode(key, m, group));
    }
    box.replaceChildren(...nodes);
    this.renderedKey = key;
    box.scrollTop = atBottom ? box.scrollHeight : box.scrollHeight - fromBottom;
    this.fillViewport(conv, box);
  }

  /** A first page shorter than the window cannot be scrolled: load older pages until it can. */
  private fillViewport(conv: Conversation, box: HTMLElement): void {
    if (conv.loaded && !conv.complete && !conv.loading && box.scrollHeight <= box.clientHeight) {
      this.client.loadOlder(conv.key).catch(() => undefined);
    }
  }

  private messageNode(key: string, m: Message, group: boolean): HTMLElement {
    const c = this.client;
    const mine = m.from === c.userId;
    const url = imageUrl(m.text);
    const body = url ? el("img", { class: "inline-image", src: url, alt: "image" }) : el("div", { class: "text" }, m.text);
    let state: HTMLElement | null = null;
    if (mine) {
      const label = m.delivery === "failed" ? `failed: ${m.reason ?? "unknown"}` : m.delivery;
      state = el("span", { class: "state " + m.delivery }, label);
      if (m.delivery === "failed" && m.clientMsgId) {
        const id = m.clientMsgId;
        state.append(" ", el("button", { class: "retry", type: "button", onclick: () => c.retry(key, id) }, "retry"));
      }
    }
    const time = new Date(m.time * 1000);
    return el("div", {
      class: "message" + (mine ? " mine" : ""), "data-msg-id": m.msgId, "data-client-id": m.clientMsgId,
      "data-delivery": m.delivery,
    },
    el("div", { class: "meta" }, (group || !mine ? c.userName(m.from) + " · " : "")
      + time.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })),
    body, state);
  }

  private renderGroupInfo(groupId: number): void {
    const panel = byId("group-info");
    panel.hidden = !this.showGroupInfo || groupId === 0;
    if (panel.hidden) {
      return;
    }
    const c = this.client;
    const g = c.groups.get(groupId);
    if (!g) {
      panel.replaceChildren(el("p", {}, "loading group…"));
      return;
    }
    const members = (g.groupMemberList ?? []).slice().sort((a, b) => c.userName(a).localeCompare(c.userName(b)));
    panel.replaceChildren(
      el("h3", {}, g.groupName),
      el("p", { class: "group-meta" }, `created by ${c.userName(g.groupCreatorId)} · ${members.length} members`),
      el("ul", { class: "members" }, ...members.map((id) => el("li", { class: "member", "data-user-id": id },
        el("span", { class: "presence " + this.presenceClass(id) }), c.userName(id)))));
  }
}
