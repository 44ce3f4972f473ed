package io.teamtalkj.launcher.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Option;

/**
 * Where a new password comes from: {@code --password}, the first line of stdin
 * ({@code --password-stdin}), or the environment variable {@value AdminRoot#PASSWORD_ENV}, so it
 * need not appear on the command line (where other users of the machine can see it in ps).
 */
final class PasswordOptions {
    @Option(names = "--password", paramLabel = "PASSWORD", order = 50,
            description = "The password (visible in ps to other users; prefer --password-stdin or $"
                    + AdminRoot.PASSWORD_ENV + ").")
    String password;

    @Option(names = "--password-stdin", order = 51,
            description = "Read the password from the first line of stdin.")
    boolean fromStdin;

    String resolve(AdminRoot root) {
        if (password != null && fromStdin) {
            throw AdminFailure.usage("give --password or --password-stdin, not both");
        }
        String p;
        String from;
        if (password != null) {
            p = password;
            from = "--password";
        } else if (fromStdin) {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(root.stdin.get(), StandardCharsets.UTF_8));
                p = in.readLine();
            } catch (IOException e) {
                throw AdminFailure.usage("cannot read the password from stdin: " + e.getMessage());
            }
            if (p == null) {
                throw AdminFailure.usage("no password on stdin");
            }
            from = "stdin";
        } else {
            p = root.env.apply(AdminRoot.PASSWORD_ENV);
            if (p == null) {
                throw AdminFailure.usage("give the password with --password, --password-stdin or $" + AdminRoot.PASSWORD_ENV);
            }
            from = "$" + AdminRoot.PASSWORD_ENV;
        }
        if (p.isEmpty()) {
            throw AdminFailure.usage("empty password (from " + from + ")");
        }
        return p;
    }
}
