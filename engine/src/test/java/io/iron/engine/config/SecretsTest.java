package io.iron.engine.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretsTest {

    static final String GOOD_IC = "ic-secret-0123456789abcdefghijklmnopqrstuv";
    static final String GOOD_MASTER = Base64.getEncoder().encodeToString(
            "0123456789abcdef0123456789abcdef".getBytes(UTF_8));
    static final String GOOD_IP = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    static final String GOOD_JWT = "jwt-secret-0123456789abcdefghijklmnopqrstuv";
    static final String SEED_TOKEN_9999 = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9"
            + ".eyJhZ2VudF9pZCI6ImFnZW50Xzk5OTkiLCJidWRnZXRfaWQiOiJidWRnZXRfOTk5OSIsImlhdCI6MTc2NTcyODQyMywiaXNzIjoiaXJvbi1jb250cm9sLXBhbmVsIiwicGVybWlzc2lvbnMiOlsibGxtOmNhbGwiLCJhbmFseXRpY3M6d3JpdGUiXX0"
            + ".j6F-glMhP5DPEZ9A1crRfSbk7RLUyJoZyiBloiJ4GpY";

    static Map<String, String> goodEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("IC_TOKEN_SECRET", GOOD_IC);
        env.put("IRON_SECRETS_MASTER_KEY", GOOD_MASTER);
        env.put("IP_TOKEN_KEY", GOOD_IP);
        env.put("JWT_SECRET", GOOD_JWT);
        return env;
    }

    static ConfigException refused(Map<String, String> env, boolean devMode) {
        return assertThrows(ConfigException.class, () -> Secrets.fromEnv(env, devMode));
    }

    // ---- dev mode ----

    @Test
    void devModeFallsBackToTheReferenceDefaults() {
        Secrets secrets = Secrets.fromEnv(Map.of(), true);
        assertEquals(Set.of("IC_TOKEN_SECRET", "IRON_SECRETS_MASTER_KEY", "IP_TOKEN_KEY", "JWT_SECRET"),
                secrets.defaultsUsed());
        assertArrayEquals("dev-ic-token-secret-change-in-production".getBytes(UTF_8), secrets.icTokenSecret());
        assertArrayEquals(Base64.getDecoder().decode("cgNibSOEmcQlx2Ax64o8s7kUjr2p/NE4S7eMgrhT7ZY="), secrets.masterKey());
        assertArrayEquals(new byte[32], secrets.ipTokenKey());
        assertArrayEquals("dev-secret-change-in-production".getBytes(UTF_8), secrets.jwtSecret());
    }

    @Test
    void devDefaultsVerifyTheSeedTokenAndOpenTheSeedPythonKey() {
        Secrets secrets = Secrets.fromEnv(Map.of(), true);
        assertEquals(9999L, secrets.icTokens().verify(SEED_TOKEN_9999).agentNumber());
        assertEquals("sk-proj-YOUR-OPENAI-KEY", secrets.providerKeyVault()
                .open("YjwAI1eGZdJaVhQm0558jjkPSTD3lLcSk9ap2RE+P+K8WL6KW1l0", "AQIDBAUGBwgJCgsM"));
        assertEquals("sk-x", secrets.ipTokens().open(secrets.ipTokens().seal("sk-x")));
    }

    @Test
    void devModeUsesExplicitValuesWhenGiven() {
        Secrets secrets = Secrets.fromEnv(goodEnv(), true);
        assertEquals(Set.of(), secrets.defaultsUsed());
        assertArrayEquals(GOOD_IC.getBytes(UTF_8), secrets.icTokenSecret());
        assertTrue(secrets.devMode());
    }

    @Test
    void devModeStillRefusesAMalformedValue() {
        Map<String, String> env = goodEnv();
        env.put("IRON_SECRETS_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[16]));
        env.put("IP_TOKEN_KEY", "abc");
        ConfigException e = refused(env, true);
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).contains("IRON_SECRETS_MASTER_KEY"), e.getMessage());
        assertTrue(e.problems().get(1).contains("IP_TOKEN_KEY"), e.getMessage());
    }

    // ---- production mode ----

    @Test
    void productionModeAcceptsRealValues() {
        Secrets secrets = Secrets.fromEnv(goodEnv(), false);
        assertFalse(secrets.devMode());
        assertEquals(Set.of(), secrets.defaultsUsed());
        assertArrayEquals(GOOD_IC.getBytes(UTF_8), secrets.icTokenSecret());
        assertArrayEquals("0123456789abcdef0123456789abcdef".getBytes(UTF_8), secrets.masterKey());
        assertEquals(0x00, secrets.ipTokenKey()[0]);
        assertEquals((byte) 0xff, secrets.ipTokenKey()[15]);
        assertArrayEquals(GOOD_JWT.getBytes(UTF_8), secrets.jwtSecret());
    }

    @Test
    void productionModeWithNothingSetNamesAllFourVariables() {
        ConfigException e = refused(Map.of(), false);
        assertEquals(4, e.problems().size());
        for (String name : new String[] {"IC_TOKEN_SECRET", "IRON_SECRETS_MASTER_KEY", "IP_TOKEN_KEY", "JWT_SECRET"}) {
            assertTrue(e.getMessage().contains(name + " is not set: export " + name + "="), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"IC_TOKEN_SECRET", "IRON_SECRETS_MASTER_KEY", "IP_TOKEN_KEY", "JWT_SECRET"})
    void productionModeRefusesAMissingVariableNamingIt(String name) {
        Map<String, String> env = goodEnv();
        env.remove(name);
        ConfigException e = refused(env, false);
        assertEquals(1, e.problems().size());
        assertTrue(e.getMessage().startsWith(name + " is not set: export " + name + "="), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"IC_TOKEN_SECRET", "IRON_SECRETS_MASTER_KEY", "IP_TOKEN_KEY", "JWT_SECRET"})
    void productionModeTreatsABlankValueAsMissing(String name) {
        Map<String, String> env = goodEnv();
        env.put(name, "  ");
        assertTrue(refused(env, false).getMessage().startsWith(name + " is not set"));
    }

    @Test
    void productionModeRefusesTheIcTokenDefault() {
        assertRefusedAsDefault("IC_TOKEN_SECRET", "dev-ic-token-secret-change-in-production");
    }

    @Test
    void productionModeRefusesTheMasterKeyDefaultAlsoWithoutPadding() {
        assertRefusedAsDefault("IRON_SECRETS_MASTER_KEY", "cgNibSOEmcQlx2Ax64o8s7kUjr2p/NE4S7eMgrhT7ZY=");
        assertRefusedAsDefault("IRON_SECRETS_MASTER_KEY", "cgNibSOEmcQlx2Ax64o8s7kUjr2p/NE4S7eMgrhT7ZY");
    }

    @Test
    void productionModeRefusesTheAllZeroIpTokenKey() {
        assertRefusedAsDefault("IP_TOKEN_KEY", "0".repeat(64));
    }

    @Test
    void productionModeRefusesTheJwtDefault() {
        assertRefusedAsDefault("JWT_SECRET", "dev-secret-change-in-production");
    }

    @Test
    void neitherToStringNorErrorsRevealAnySecret() {
        Secrets secrets = Secrets.fromEnv(goodEnv(), false);
        for (String value : goodEnv().values()) {
            assertFalse(secrets.toString().contains(value), secrets.toString());
        }
        Map<String, String> env = goodEnv();
        env.put("IRON_SECRETS_MASTER_KEY", "c2hvcnQtYnV0LXNlY3JldA==");
        env.put("IP_TOKEN_KEY", "q".repeat(64));
        env.put("JWT_SECRET", "dev-secret-change-in-production");
        ConfigException e = refused(env, false);
        assertEquals(3, e.problems().size(), e.getMessage());
        assertFalse(e.getMessage().contains("c2hvcnQtYnV0LXNlY3JldA=="));
        assertFalse(e.getMessage().contains("q".repeat(64)));
        assertFalse(e.getMessage().contains("dev-secret-change-in-production"));
    }

    @Test
    void accessorsReturnCopies() {
        Secrets secrets = Secrets.fromEnv(goodEnv(), false);
        secrets.masterKey()[0] ^= 1;
        assertArrayEquals("0123456789abcdef0123456789abcdef".getBytes(UTF_8), secrets.masterKey());
    }

    private static void assertRefusedAsDefault(String name, String value) {
        Map<String, String> env = goodEnv();
        env.put(name, value);
        ConfigException e = refused(env, false);
        assertEquals(1, e.problems().size());
        assertTrue(e.getMessage().startsWith(name + " is set to the public development default"), e.getMessage());
        assertTrue(e.getMessage().contains("export " + name + "="), e.getMessage());
        // And dev mode takes the very same value without complaint.
        Secrets.fromEnv(env, true);
    }
}
