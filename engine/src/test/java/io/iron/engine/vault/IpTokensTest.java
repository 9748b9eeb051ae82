package io.iron.engine.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iron.engine.vault.IpTokenException.Reason;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpTokensTest {

    static final String ZERO_KEY_HEX = "0".repeat(64);
    /**
     * Made with Python's cryptography 48.0.0 (independent implementation): AESGCM(bytes(32)) over
     * b"sk-ant-api03-EXAMPLE-KEY" with iv a0a1..ab, split into ciphertext and 16-byte tag.
     */
    static final String PYTHON_TOKEN = "AES256:oKGio6Slpqeoqaqr:65STk14fE7x/ortQwDgvWfjUtRpxweP1:Pv6HSidJORUCJQDTeIJCQw==";
    /** Same key and iv, plaintext b"\xff\xfe\xfd" (not UTF-8). */
    static final String PYTHON_TOKEN_NOT_UTF8 = "AES256:oKGio6Slpqeoqaqr:ZwFD:LCCKXxm7gsSIsB4tzPCiYw==";
    static final String IV = "oKGio6Slpqeoqaqr";
    static final String CT = "65STk14fE7x/ortQwDgvWfjUtRpxweP1";
    static final String TAG = "Pv6HSidJORUCJQDTeIJCQw==";

    final IpTokens ipTokens = IpTokens.fromHex(ZERO_KEY_HEX);

    void assertFails(Reason reason, String token) {
        IpTokenException e = assertThrows(IpTokenException.class, () -> ipTokens.open(token));
        assertEquals(reason, e.reason());
        assertEquals(reason.message(), e.getMessage());
    }

    @Test
    void tokenMadeByAnIndependentImplementationOpens() {
        assertEquals("sk-ant-api03-EXAMPLE-KEY", ipTokens.open(PYTHON_TOKEN));
    }

    @Test
    void sealedTokenHasFourPartsWith12ByteIvAnd16ByteTag() {
        String token = ipTokens.seal("sk-proj-abc");
        String[] parts = token.split(":", -1);
        assertEquals(4, parts.length);
        assertEquals("AES256", parts[0]);
        assertEquals(12, Base64.getDecoder().decode(parts[1]).length);
        assertEquals("sk-proj-abc".length(), Base64.getDecoder().decode(parts[2]).length);
        assertEquals(16, Base64.getDecoder().decode(parts[3]).length);
        assertFalse(token.contains("sk-proj-abc"));
        assertEquals("sk-proj-abc", ipTokens.open(token));
    }

    @Test
    void everySealDiffers() {
        assertNotEquals(ipTokens.seal("sk-same"), ipTokens.seal("sk-same"));
    }

    @Test
    void emptyPlaintextRoundTripsWithAnEmptyCiphertextPart() {
        String token = ipTokens.seal("");
        assertTrue(token.matches("AES256:[^:]+::[^:]+"), token);
        assertEquals("", ipTokens.open(token));
    }

    @Property(tries = 200)
    void anyTextSurvivesSealAndOpen(@ForAll String plaintext) {
        assertEquals(plaintext, ipTokens.open(ipTokens.seal(plaintext)));
    }

    @Test
    void upperCaseHexKeyIsTheSameKey() {
        String hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        String token = IpTokens.fromHex(hex.toUpperCase()).seal("sk-x");
        assertEquals("sk-x", IpTokens.fromHex(hex).open(token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "AES128:" + IV + ":" + CT + ":" + TAG, IV + ":" + CT + ":" + TAG,
        "AES256:" + IV + ":" + CT, "AES256:" + IV + ":" + CT + ":" + TAG + ":", "aes256:" + IV + ":" + CT + ":" + TAG})
    void wrongPrefixOrPartCountIsInvalidFormat(String token) {
        assertFails(Reason.INVALID_FORMAT, token);
    }

    @Test
    void nullIsInvalidFormat() {
        assertFails(Reason.INVALID_FORMAT, null);
    }

    @Test
    void badBase64InAnyPartIsInvalidBase64() {
        assertFails(Reason.INVALID_BASE64, "AES256:!!:" + CT + ":" + TAG);
        assertFails(Reason.INVALID_BASE64, "AES256:" + IV + ":not base64:" + TAG);
        assertFails(Reason.INVALID_BASE64, "AES256:" + IV + ":" + CT + ":%%%");
    }

    @Test
    void ivThatIsNot12BytesIsRefused() {
        assertFails(Reason.INVALID_NONCE_LENGTH, "AES256:" + b64(new byte[8]) + ":" + CT + ":" + TAG);
        assertFails(Reason.INVALID_NONCE_LENGTH, "AES256::" + CT + ":" + TAG);
    }

    @Test
    void tagThatIsNot16BytesIsRefused() {
        assertFails(Reason.INVALID_TAG_LENGTH, "AES256:" + IV + ":" + CT + ":" + b64(new byte[15]));
    }

    @Test
    void wrongKeyFailsToDecrypt() {
        IpTokens other = IpTokens.fromHex("1".repeat(64));
        IpTokenException e = assertThrows(IpTokenException.class, () -> other.open(PYTHON_TOKEN));
        assertEquals(Reason.DECRYPTION_FAILED, e.reason());
    }

    @Test
    void tamperedCiphertextOrTagFailsToDecrypt() {
        byte[] ct = Base64.getDecoder().decode(CT);
        ct[3] ^= 0x40;
        assertFails(Reason.DECRYPTION_FAILED, "AES256:" + IV + ":" + b64(ct) + ":" + TAG);
        byte[] tag = Base64.getDecoder().decode(TAG);
        tag[15] ^= 1;
        assertFails(Reason.DECRYPTION_FAILED, "AES256:" + IV + ":" + CT + ":" + b64(tag));
    }

    @Test
    void plaintextThatIsNotUtf8IsRefused() {
        assertFails(Reason.INVALID_UTF8, PYTHON_TOKEN_NOT_UTF8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "00", "000000000000000000000000000000000000000000000000000000000000000",
        "00000000000000000000000000000000000000000000000000000000000000000",
        "zz00000000000000000000000000000000000000000000000000000000000000"})
    void keyMustBe64HexCharacters(String hex) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpTokens.fromHex(hex));
        assertTrue(e.getMessage().contains("IP_TOKEN_KEY"), e.getMessage());
        assertFalse(!hex.isEmpty() && e.getMessage().contains(hex), "message must not echo the key");
    }

    @Test
    void nullKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> IpTokens.fromHex(null));
        assertThrows(IllegalArgumentException.class, () -> new IpTokens(new byte[16]));
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
