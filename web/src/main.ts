import { ChatUi } from "./ui";

declare global {
  interface Window {
    teamtalk: ChatUi;
  }
}

window.teamtalk = new ChatUi();
