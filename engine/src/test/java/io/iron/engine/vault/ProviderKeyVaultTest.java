package io.iron.engine.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iron.engine.vault.VaultException.Reason;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ProviderKeyVaultTest {

    static final String SEED_MASTER_KEY_B64 = "cgNibSOEmcQlx2Ax64o8s7kUjr2p/NE4S7eMgrhT7ZY=";
    /**
     * Made with Python's cryptography 48.0.0, exactly as the seed's snippet (independent implementation):
     * AESGCM(b64decode(SEED_MASTER_KEY_B64)).encrypt(bytes(range(1, 13)), b"sk-proj-YOUR-OPENAI-KEY", None).
     */
    static final String PYTHON_ENCRYPTED = "YjwAI1eGZdJaVhQm0558jjkPSTD3lLcSk9ap2RE+P+K8WL6KW1l0";
    static final String PYTHON_NONCE = "AQIDBAUGBwgJCgsM";
    /** Same key and nonce, plaintext b"\xff\xfe\xfd" (not UTF-8). */
    static final String PYTHON_ENCRYPTED_NOT_UTF8 = "7qnQFYMIh7ImXmN0VmTMBMK6fA==";

    final ProviderKeyVault vault = ProviderKeyVault.fromBase64(SEED_MASTER_KEY_B64);

    static VaultException assertFails(Reason reason, Runnable open) {
        VaultException e = assertThrows(VaultException.class, open::run);
        assertEquals(reason, e.reason());
        assertEquals(reason.clientMessage(), e.getMessage());
        return e;
    }

    @Test
    void keyEncryptedByTheSeedPythonSnippetOpens() {
        assertEquals("sk-proj-YOUR-OPENAI-KEY", vault.open(PYTHON_ENCRYPTED, PYTHON_NONCE));
    }

    @Test
    void sealedKeyOpensAndHasTheStoredLayout() {
        ProviderKeyVault.Sealed sealed = vault.seal("sk-proj-abc");
        assertEquals(12, Base64.getDecoder().decode(sealed.nonceB64()).length);
        assertEquals("sk-proj-abc".length() + 16, Base64.getDecoder().decode(sealed.encryptedApiKeyB64()).length);
        assertEquals("sk-proj-abc", vault.open(sealed.encryptedApiKeyB64(), sealed.nonceB64()));
        assertFalse(sealed.toString().contains("sk-proj-abc"));
    }

    @Test
    void everySealUsesAFreshNonce() {
        ProviderKeyVault.Sealed a = vault.seal("sk-same");
        ProviderKeyVault.Sealed b = vault.seal("sk-same");
        assertNotEquals(a.nonceB64(), b.nonceB64());
        assertNotEquals(a.encryptedApiKeyB64(), b.encryptedApiKeyB64());
    }

    @Property(tries = 200)
    void anyKeySurvivesSealAndOpen(@ForAll String plaintextKey) {
        ProviderKeyVault.Sealed sealed = vault.seal(plaintextKey);
        assertEquals(plaintextKey, vault.open(sealed.encryptedApiKeyB64(), sealed.nonceB64()));
    }

    @Test
    void wrongMasterKeyFailsToDecrypt() {
        ProviderKeyVault other = new ProviderKeyVault(new byte[32]);
        assertFails(Reason.DECRYPT_FAILED, () -> other.open(PYTHON_ENCRYPTED, PYTHON_NONCE));
    }

    @Test
    void tamperedCiphertextFailsToDecrypt() {
        byte[] bytes = Base64.getDecoder().decode(PYTHON_ENCRYPTED);
        bytes[0] ^= 1;
        String tampered = Base64.getEncoder().encodeToString(bytes);
        assertFails(Reason.DECRYPT_FAILED, () -> vault.open(tampered, PYTHON_NONCE));
    }

    @Test
    void ciphertextShorterThanATagFailsToDecrypt() {
        assertFails(Reason.DECRYPT_FAILED, () -> vault.open("AAAA", PYTHON_NONCE));
        assertFails(Reason.DECRYPT_FAILED, () -> vault.open("", PYTHON_NONCE));
    }

    @Test
    void badBase64IsAKeyStorageError() {
        assertEquals("Key storage error",
                assertFails(Reason.BAD_BASE64, () -> vault.open("fake_encrypted_key_openai!", PYTHON_NONCE)).getMessage());
        assertFails(Reason.BAD_BASE64, () -> vault.open(PYTHON_ENCRYPTED, "not base64!"));
    }

    @Test
    void nonceThatIsNot12BytesIsRefused() {
        String eightBytes = Base64.getEncoder().encodeToString(new byte[8]);
        String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);
        assertEquals("Failed to decrypt provider key",
                assertFails(Reason.BAD_NONCE_LENGTH, () -> vault.open(PYTHON_ENCRYPTED, eightBytes)).getMessage());
        assertFails(Reason.BAD_NONCE_LENGTH, () -> vault.open(PYTHON_ENCRYPTED, sixteenBytes));
    }

    @Test
    void plaintextThatIsNotUtf8IsRefused() {
        assertFails(Reason.NOT_UTF8, () -> vault.open(PYTHON_ENCRYPTED_NOT_UTF8, PYTHON_NONCE));
    }

    @Test
    void masterKeyMustDecodeToExactly32Bytes() {
        String sixteen = Base64.getEncoder().encodeToString(new byte[16]);
        for (String bad : new String[] {sixteen, "not base64!", "", "   "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProviderKeyVault.fromBase64(bad));
            assertTrue(e.getMessage().contains("IRON_SECRETS_MASTER_KEY"), e.getMessage());
            if (!bad.isBlank()) {
                assertFalse(e.getMessage().contains(bad), "message must not echo the value");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> ProviderKeyVault.fromBase64(null));
        assertThrows(IllegalArgumentException.class, () -> new ProviderKeyVault(new byte[31]));
    }

    @Test
    void maskShowsFourAndThreeCharactersOfKeysLongerThanEight() {
        assertEquals("sk-p...xyz", ProviderKeyVault.mask("sk-proj-abcdefxyz"));
        assertEquals("1234...789", ProviderKeyVault.mask("123456789"));
    }

    @Test
    void maskHidesKeysOfEightCharactersOrFewer() {
        assertEquals("***", ProviderKeyVault.mask("12345678"));
        assertEquals("***", ProviderKeyVault.mask("sk-1"));
        assertEquals("***", ProviderKeyVault.mask(""));
        assertEquals("***", ProviderKeyVault.mask(null));
    }
}
