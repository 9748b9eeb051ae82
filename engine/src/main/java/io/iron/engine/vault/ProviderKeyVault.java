package io.iron.engine.vault;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.charset.CharacterCodingException;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;

/**
 * Provider API keys at rest (PROTOCOL part 2 §2.3, D3): AES-256-GCM under the {@code IRON_SECRETS_MASTER_KEY},
 * stored as {@code encrypted_api_key = base64(ciphertext || tag)} and {@code encryption_nonce = base64(nonce)}, which
 * is exactly what the seed's Python snippet {@code AESGCM(master).encrypt(nonce, key, None)} writes. Thread-safe.
 */
public final class ProviderKeyVault {

    public static final String ENV = "IRON_SECRETS_MASTER_KEY";

    private final AesGcm aes;

    /** @param masterKey32 the decoded master key, exactly 32 bytes; copied */
    public ProviderKeyVault(byte[] masterKey32) {
        Objects.requireNonNull(masterKey32, ENV);
        if (masterKey32.length != AesGcm.KEY_BYTES) {
            throw new IllegalArgumentException(ENV + " must be exactly 32 bytes, got " + masterKey32.length);
        }
        this.aes = new AesGcm(masterKey32.clone());
    }

    /**
     * @param masterKeyB64 standard base64 of exactly 32 bytes
     * @throws IllegalArgumentException naming IRON_SECRETS_MASTER_KEY (never echoing its value)
     */
    public static ProviderKeyVault fromBase64(String masterKeyB64) {
        return new ProviderKeyVault(decodeMasterKey(masterKeyB64));
    }

    /** The 32 bytes of a base64 master key, or an IllegalArgumentException naming IRON_SECRETS_MASTER_KEY. */
    public static byte[] decodeMasterKey(String masterKeyB64) {
        if (masterKeyB64 == null || masterKeyB64.isBlank()) {
            throw new IllegalArgumentException(ENV + " is empty; generate one with: openssl rand -base64 32");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(masterKeyB64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENV + " is not valid standard base64; generate one with: openssl rand -base64 32");
        }
        if (key.length != AesGcm.KEY_BYTES) {
            throw new IllegalArgumentException(ENV + " must decode to exactly 32 bytes, got " + key.length
                    + "; generate one with: openssl rand -base64 32");
        }
        return key;
    }

    /** Encrypts a plaintext provider key under a fresh random nonce. */
    public Sealed seal(String plaintextKey) {
        Objects.requireNonNull(plaintextKey, "plaintextKey");
        byte[] nonce = AesGcm.randomNonce();
        byte[] sealed = aes.encrypt(nonce, plaintextKey.getBytes(UTF_8));
        Base64.Encoder b64 = Base64.getEncoder();
        return new Sealed(b64.encodeToString(sealed), b64.encodeToString(nonce));
    }

    /**
     * Decrypts a stored key.
     *
     * @param encryptedB64 {@code ai_provider_keys.encrypted_api_key}
     * @param nonceB64     {@code ai_provider_keys.encryption_nonce}
     * @throws VaultException BAD_BASE64 ("Key storage error"), BAD_NONCE_LENGTH, DECRYPT_FAILED or NOT_UTF8
     *                        ("Failed to decrypt provider key")
     */
    public String open(String encryptedB64, String nonceB64) {
        byte[] sealed;
        byte[] nonce;
        try {
            sealed = Base64.getDecoder().decode(Objects.requireNonNull(encryptedB64, "encryptedB64"));
            nonce = Base64.getDecoder().decode(Objects.requireNonNull(nonceB64, "nonceB64"));
        } catch (IllegalArgumentException e) {
            throw new VaultException(VaultException.Reason.BAD_BASE64);
        }
        if (nonce.length != AesGcm.NONCE_BYTES) {
            throw new VaultException(VaultException.Reason.BAD_NONCE_LENGTH);
        }
        byte[] plaintext;
        try {
            plaintext = aes.decrypt(nonce, sealed);
        } catch (AEADBadTagException e) {
            throw new VaultException(VaultException.Reason.DECRYPT_FAILED);
        }
        try {
            return AesGcm.strictUtf8(plaintext);
        } catch (CharacterCodingException e) {
            throw new VaultException(VaultException.Reason.NOT_UTF8);
        }
    }

    /**
     * A provider key as the API may show it: first 4 characters, "...", last 3; "***" when 8 characters or fewer
     * (so nothing of a short key is revealed). Counts code points, so a surrogate pair is never split.
     */
    public static String mask(String key) {
        if (key == null) {
            return "***";
        }
        int length = key.codePointCount(0, key.length());
        if (length <= 8) {
            return "***";
        }
        int headEnd = key.offsetByCodePoints(0, 4);
        int tailStart = key.offsetByCodePoints(key.length(), -3);
        return key.substring(0, headEnd) + "..." + key.substring(tailStart);
    }

    /** The two columns a sealed key is stored in. Neither reveals the key. */
    public record Sealed(String encryptedApiKeyB64, String nonceB64) {
    }
}
