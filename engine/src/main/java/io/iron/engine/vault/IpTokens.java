package io.iron.engine.vault;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.charset.CharacterCodingException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.AEADBadTagException;

/**
 * IP tokens (PROTOCOL part 2 §2.4, D16): a provider key sealed for transit from the control server to an edge proxy,
 * as {@code AES256:{b64 iv 12B}:{b64 ciphertext}:{b64 tag 16B}} (standard base64), AES-256-GCM under
 * {@code IP_TOKEN_KEY}. Every seal uses a fresh random IV, so sealing the same key twice gives different tokens.
 * Thread-safe.
 */
public final class IpTokens {

    public static final String ENV = "IP_TOKEN_KEY";
    private static final String PREFIX = "AES256";

    private final AesGcm aes;

    /** @param key32 the decoded key, exactly 32 bytes; copied */
    public IpTokens(byte[] key32) {
        Objects.requireNonNull(key32, ENV);
        if (key32.length != AesGcm.KEY_BYTES) {
            throw new IllegalArgumentException(ENV + " must be exactly 32 bytes, got " + key32.length);
        }
        this.aes = new AesGcm(key32.clone());
    }

    /**
     * @param hex64 the key as 64 hex characters (either case)
     * @throws IllegalArgumentException naming IP_TOKEN_KEY (never echoing its value)
     */
    public static IpTokens fromHex(String hex64) {
        return new IpTokens(decodeKey(hex64));
    }

    /** The 32 bytes of a 64-hex-character key, or an IllegalArgumentException naming IP_TOKEN_KEY. */
    public static byte[] decodeKey(String hex64) {
        String hint = "; generate one with: openssl rand -hex 32 (the same value on the control server and every edge proxy)";
        if (hex64 == null || hex64.length() != 2 * AesGcm.KEY_BYTES) {
            int length = hex64 == null ? 0 : hex64.length();
            throw new IllegalArgumentException(ENV + " must be exactly 64 hex characters, got " + length + hint);
        }
        try {
            return HexFormat.of().parseHex(hex64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENV + " contains a character that is not hex" + hint);
        }
    }

    /** Seals a plaintext (a provider key) into an IP token. */
    public String seal(String plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] iv = AesGcm.randomNonce();
        byte[] sealed = aes.encrypt(iv, plaintext.getBytes(UTF_8));
        int ciphertextLength = sealed.length - AesGcm.TAG_BYTES;
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + ":" + b64.encodeToString(iv)
                + ":" + b64.encodeToString(Arrays.copyOfRange(sealed, 0, ciphertextLength))
                + ":" + b64.encodeToString(Arrays.copyOfRange(sealed, ciphertextLength, sealed.length));
    }

    /**
     * Opens an IP token.
     *
     * @throws IpTokenException INVALID_FORMAT, INVALID_BASE64, INVALID_NONCE_LENGTH, INVALID_TAG_LENGTH,
     *                          DECRYPTION_FAILED or INVALID_UTF8, checked in that order (as the reference)
     */
    public String open(String token) {
        if (token == null) {
            throw new IpTokenException(IpTokenException.Reason.INVALID_FORMAT);
        }
        String[] parts = token.split(":", -1);
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            throw new IpTokenException(IpTokenException.Reason.INVALID_FORMAT);
        }
        byte[] iv;
        byte[] ciphertext;
        byte[] tag;
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            iv = b64.decode(parts[1]);
            ciphertext = b64.decode(parts[2]);
            tag = b64.decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IpTokenException(IpTokenException.Reason.INVALID_BASE64);
        }
        if (iv.length != AesGcm.NONCE_BYTES) {
            throw new IpTokenException(IpTokenException.Reason.INVALID_NONCE_LENGTH);
        }
        if (tag.length != AesGcm.TAG_BYTES) {
            throw new IpTokenException(IpTokenException.Reason.INVALID_TAG_LENGTH);
        }
        byte[] sealed = Arrays.copyOf(ciphertext, ciphertext.length + tag.length);
        System.arraycopy(tag, 0, sealed, ciphertext.length, tag.length);
        byte[] plaintext;
        try {
            plaintext = aes.decrypt(iv, sealed);
        } catch (AEADBadTagException e) {
            throw new IpTokenException(IpTokenException.Reason.DECRYPTION_FAILED);
        }
        try {
            return AesGcm.strictUtf8(plaintext);
        } catch (CharacterCodingException e) {
            throw new IpTokenException(IpTokenException.Reason.INVALID_UTF8);
        }
    }
}
