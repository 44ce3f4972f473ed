package io.teamtalkj.launcher;

import io.teamtalkj.net.TlsConfig;
import picocli.CommandLine.Option;

/**
 * A command that runs one server tier until it is asked to stop: read the settings, start the
 * tier, print one line saying where it listens, block; a wrong setting or a failed start is one
 * line on stderr and exit code {@link #EXIT_CANNOT_START}.
 *
 * @param <C> the tier's config
 * @param <T> the running tier
 */
abstract class ServerCommand<C, T extends AutoCloseable> extends TierCommand {
    @Option(names = "--link-tls-cert", paramLabel = "FILE", defaultValue = "", order = 80,
            description = "PEM certificate (chain) of this tier on inter-tier links: the server certificate of the ports other "
                    + "tiers connect to, the client certificate where this tier connects (mutual TLS). Default: plain TCP.")
    String linkTlsCert;

    @Option(names = "--link-tls-key", paramLabel = "FILE", defaultValue = "", order = 81,
            description = "PEM (PKCS#8) private key of --link-tls-cert.")
    String linkTlsKey;

    @Option(names = "--link-tls-ca", paramLabel = "FILE", defaultValue = "", order = 82,
            description = "PEM CA bundle for inter-tier links: where this tier connects, the servers must present a certificate "
                    + "it signed (naming the host connected to); where it listens, linking tiers must present one (mutual TLS).")
    String linkTlsCa;

    /**
     * The inter-tier TLS files, read and checked.
     *
     * @param serving true for a tier other tiers connect to (needs a certificate and key), false
     *                for one that connects (needs a CA)
     * @throws IllegalArgumentException one line naming the option (and conf file) that is wrong
     */
    TlsConfig linkTls(boolean serving) {
        TlsConfig tls = TlsConfig.of(pem("--link-tls-cert", linkTlsCert), pem("--link-tls-key", linkTlsKey),
                pem("--link-tls-ca", linkTlsCa));
        if (tls.enabled()) {
            if (serving) {
                tls.serverContext("the port other tiers link to");
            } else {
                tls.clientContext("a " + spec.name() + " linking to other tiers");
            }
        }
        return tls;
    }

    /** How a start line says the inter-tier port is TLS ("" when plain). */
    static String linkTlsNote(TlsConfig tls) {
        return !tls.enabled() ? "" : "; links TLS" + (tls.hasCa() ? " (mutual)" : "");
    }

    /** A PEM option's file, labelled with the conf file when it came from there; null when not set. */
    TlsConfig.Pem pem(String option, String file) {
        boolean onCommandLine = spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption(option);
        String key = option.substring(2);
        String label = !onCommandLine && configFile != null && configFile.containsKey(key)
                ? option + " (key '" + key + "' in " + configPath + ")" : option;
        return TlsConfig.Pem.of(label, file);
    }

    /** The settings the options describe; throws IllegalArgumentException when they are wrong. */
    abstract C toConfig();

    abstract T start(C config) throws Exception;

    /** The one-line reason a start failed. */
    String startFailure(C config, Exception e) {
        return describe(e);
    }

    /** The line printed once the tier runs. */
    abstract String started(C config, T tier);

    @Override
    public final Integer call() throws InterruptedException {
        Integer bad = checkConfigFile();
        if (bad != null) {
            return bad;
        }
        C config;
        try {
            applyLogging(null);
            config = toConfig();
        } catch (IllegalArgumentException e) {
            return fail(describe(e));
        }
        T tier;
        try {
            tier = start(config);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return fail(startFailure(config, e));
        }
        return runUntilStopped(tier, started(config, tier));
    }
}
