package io.iron.engine.config;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.iron.engine.token.IcTokens;
import io.iron.engine.vault.IpTokens;
import io.iron.engine.vault.ProviderKeyVault;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The four secrets, read once at start from the reference's environment names (D5). Outside dev mode a missing secret
 * or one left at its public development default stops the server with a {@link ConfigException} naming the variable,
 * instead of a per-request failure later. In dev mode missing values fall back to the reference's dev defaults (and
 * {@link #defaultsUsed()} says which, for a start-up warning). A value that is present but malformed (bad base64, wrong
 * length) is an error in both modes. {@link #toString()} never shows a secret.
 */
public final class Secrets {

    public static final String IC_TOKEN_SECRET = "IC_TOKEN_SECRET";
    public static final String IRON_SECRETS_MASTER_KEY = ProviderKeyVault.ENV;
    public static final String IP_TOKEN_KEY = IpTokens.ENV;
    public static final String JWT_SECRET = "JWT_SECRET";

    /** The reference's public development defaults; anyone can forge with these, hence refused outside dev mode. */
    public static final String DEV_IC_TOKEN_SECRET = "dev-ic-token-secret-change-in-production";
    public static final String DEV_MASTER_KEY_B64 = "cgNibSOEmcQlx2Ax64o8s7kUjr2p/NE4S7eMgrhT7ZY=";
    public static final String DEV_IP_TOKEN_KEY_HEX = "0".repeat(64);
    public static final String DEV_JWT_SECRET = "dev-secret-change-in-production";

    private final byte[] icTokenSecret;
    private final byte[] masterKey;
    private final byte[] ipTokenKey;
    private final byte[] jwtSecret;
    private final boolean devMode;
    private final Set<String> defaultsUsed;

    private Secrets(byte[] icTokenSecret, byte[] masterKey, byte[] ipTokenKey, byte[] jwtSecret, boolean devMode,
                    Set<String> defaultsUsed) {
        this.icTokenSecret = icTokenSecret;
        this.masterKey = masterKey;
        this.ipTokenKey = ipTokenKey;
        this.jwtSecret = jwtSecret;
        this.devMode = devMode;
        this.defaultsUsed = Set.copyOf(defaultsUsed);
    }

    /**
     * @param env     the process environment (or a test map); blank values count as missing
     * @param devMode true to allow the dev defaults
     * @throws ConfigException listing every missing, default or malformed secret
     */
    public static Secrets fromEnv(Map<String, String> env, boolean devMode) {
        Objects.requireNonNull(env, "env");
        Reader reader = new Reader(env, devMode);
        byte[] ic = reader.read(IC_TOKEN_SECRET, DEV_IC_TOKEN_SECRET,
                "<at least 32 random bytes>, e.g. export IC_TOKEN_SECRET=$(openssl rand -base64 48)",
                Secrets::utf8);
        byte[] master = reader.read(IRON_SECRETS_MASTER_KEY, DEV_MASTER_KEY_B64,
                "<base64 of exactly 32 random bytes>, e.g. export IRON_SECRETS_MASTER_KEY=$(openssl rand -base64 32)"
                        + " (keep it: stored provider keys open only with the key that sealed them)",
                ProviderKeyVault::decodeMasterKey);
        byte[] ip = reader.read(IP_TOKEN_KEY, DEV_IP_TOKEN_KEY_HEX,
                "<64 hex characters>, e.g. export IP_TOKEN_KEY=$(openssl rand -hex 32)"
                        + " (the same value on the control server and every edge proxy)",
                IpTokens::decodeKey);
        byte[] jwt = reader.read(JWT_SECRET, DEV_JWT_SECRET,
                "<at least 32 random bytes>, e.g. export JWT_SECRET=$(openssl rand -base64 48)",
                Secrets::utf8);
        if (!reader.problems.isEmpty()) {
            throw new ConfigException(reader.problems);
        }
        return new Secrets(ic, master, ip, jwt, devMode, reader.defaultsUsed);
    }

    /** The UTF-8 bytes of {@code IC_TOKEN_SECRET} (the HMAC key of IC tokens). A copy. */
    public byte[] icTokenSecret() {
        return icTokenSecret.clone();
    }

    /** The 32 decoded bytes of {@code IRON_SECRETS_MASTER_KEY}. A copy. */
    public byte[] masterKey() {
        return masterKey.clone();
    }

    /** The 32 decoded bytes of {@code IP_TOKEN_KEY}. A copy. */
    public byte[] ipTokenKey() {
        return ipTokenKey.clone();
    }

    /** The UTF-8 bytes of {@code JWT_SECRET} (the HMAC key of user JWTs). A copy. */
    public byte[] jwtSecret() {
        return jwtSecret.clone();
    }

    public IcTokens icTokens() {
        return new IcTokens(icTokenSecret);
    }

    public ProviderKeyVault providerKeyVault() {
        return new ProviderKeyVault(masterKey);
    }

    public IpTokens ipTokens() {
        return new IpTokens(ipTokenKey);
    }

    public boolean devMode() {
        return devMode;
    }

    /** The variables that were missing and fell back to their dev default (dev mode only; empty otherwise). */
    public Set<String> defaultsUsed() {
        return defaultsUsed;
    }

    @Override
    public String toString() {
        return "Secrets[devMode=" + devMode + ", defaultsUsed=" + defaultsUsed + "]";
    }

    private static byte[] utf8(String value) {
        return value.getBytes(UTF_8);
    }

    /** Collects every problem instead of stopping at the first. */
    private static final class Reader {
        private final Map<String, String> env;
        private final boolean devMode;
        private final List<String> problems = new ArrayList<>();
        private final Set<String> defaultsUsed = new LinkedHashSet<>();

        Reader(Map<String, String> env, boolean devMode) {
            this.env = env;
            this.devMode = devMode;
        }

        /** The decoded value, the decoded default, or null after recording a problem. */
        byte[] read(String name, String devDefault, String howToSet, Function<String, byte[]> decode) {
            byte[] defaultBytes = decode.apply(devDefault);
            String raw = env.get(name);
            if (raw == null || raw.isBlank()) {
                if (devMode) {
                    defaultsUsed.add(name);
                    return defaultBytes;
                }
                problems.add(name + " is not set: export " + name + "=" + howToSet);
                return null;
            }
            byte[] value;
            try {
                value = decode.apply(raw);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage()); // the decoders name the variable and never echo the value
                return null;
            }
            // Compared decoded, so another spelling of the same key (hex case, base64 padding) is caught too.
            if (!devMode && Arrays.equals(value, defaultBytes)) {
                problems.add(name + " is set to the public development default, which anyone can use to forge or"
                        + " decrypt: export " + name + "=" + howToSet);
                return null;
            }
            return value;
        }
    }
}
