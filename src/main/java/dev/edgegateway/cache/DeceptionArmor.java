package dev.edgegateway.cache;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.MediaType;

/**
 * Cache deception armor: a response is stored under a path with a known static extension only
 * when its {@code Content-Type} fits that extension, so {@code /account/settings.css} answered with
 * a personal HTML or JSON page is never cached and served to others. Unknown extensions, responses
 * without a {@code Content-Type} and {@code application/octet-stream} pass.
 */
final class DeceptionArmor {

	private static final Map<String, List<String>> ALLOWED = Map.ofEntries(
			Map.entry("css", List.of("text/css")),
			Map.entry("js", List.of("text/javascript", "application/javascript", "application/x-javascript",
					"application/ecmascript", "text/ecmascript")),
			Map.entry("png", List.of("image/")), Map.entry("jpg", List.of("image/")),
			Map.entry("jpeg", List.of("image/")), Map.entry("gif", List.of("image/")),
			Map.entry("webp", List.of("image/")), Map.entry("avif", List.of("image/")),
			Map.entry("svg", List.of("image/")), Map.entry("ico", List.of("image/")),
			Map.entry("bmp", List.of("image/")), Map.entry("tif", List.of("image/")),
			Map.entry("tiff", List.of("image/")),
			Map.entry("woff", List.of("font/", "application/font")), Map.entry("woff2", List.of("font/", "application/font")),
			Map.entry("ttf", List.of("font/", "application/font", "application/x-font")),
			Map.entry("otf", List.of("font/", "application/font", "application/x-font")),
			Map.entry("mp4", List.of("video/")), Map.entry("webm", List.of("video/", "audio/")),
			Map.entry("mp3", List.of("audio/")), Map.entry("ogg", List.of("audio/", "video/", "application/ogg")),
			Map.entry("pdf", List.of("application/pdf")), Map.entry("csv", List.of("text/csv", "text/plain")),
			Map.entry("txt", List.of("text/plain")));

	private DeceptionArmor() {
	}

	static boolean allows(String path, MediaType contentType) {
		if (contentType == null || contentType.isCompatibleWith(MediaType.APPLICATION_OCTET_STREAM)) {
			return true;
		}
		int dot = path.lastIndexOf('.');
		if (dot < 0 || dot < path.lastIndexOf('/')) {
			return true;
		}
		List<String> allowed = ALLOWED.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
		if (allowed == null) {
			return true;
		}
		String type = (contentType.getType() + "/" + contentType.getSubtype()).toLowerCase(Locale.ROOT);
		for (String prefix : allowed) {
			if (type.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
