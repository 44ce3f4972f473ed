// Writes files.txt, the list the login-server reads to serve the web chat (it cannot list a jar's folder).
import { readdirSync, writeFileSync } from "node:fs";
const dir = process.argv[2];
const names = readdirSync(dir).filter((n) => n !== "files.txt").sort();
writeFileSync(`${dir}/files.txt`, names.join("\n") + "\n");
