package com.medialogis.dmp.connector;

/** Formats of the body of a deposited document (CDA R2 level 1). */
public enum DocumentFormat {
    PDF("urn:ihe:iti:xds-sd:pdf:2008", "application/pdf"),
    TEXT("urn:ihe:iti:xds-sd:text:2008", "text/plain");

    private final String formatCode;
    private final String mimeType;

    DocumentFormat(String formatCode, String mimeType) {
        this.formatCode = formatCode;
        this.mimeType = mimeType;
    }

    /** @return the XDS format code */
    public String formatCode() {
        return formatCode;
    }

    /** @return the MIME type of the body */
    public String mimeType() {
        return mimeType;
    }
}
