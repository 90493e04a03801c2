package com.medialogis.dmp.bridge.internal;

import java.io.IOException;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * The page's files go out with a content security policy (its own scripts, styles and API only;
 * documents shown from the browser's memory; never framed by another site), and without a referrer.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern(WebPage.PATH + "/*")
public class PageHeaders implements Filter {

    static final String POLICY = "default-src 'self'; img-src 'self' data:; frame-src blob:; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletResponse http = (HttpServletResponse) response;
        http.setHeader("Content-Security-Policy", POLICY);
        http.setHeader("X-Content-Type-Options", "nosniff");
        http.setHeader("Referrer-Policy", "no-referrer");
        chain.doFilter(request, response);
    }
}
