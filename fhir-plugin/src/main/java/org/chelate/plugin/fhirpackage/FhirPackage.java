package org.chelate.plugin.fhirpackage;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.chelate.terminology.codes.ChelateSystems;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * A FHIR NPM package (https://hl7.org/fhir/packages.html) in memory: {@code package.json}, {@code .index.json} and
 * one JSON file per resource, all under {@code package/}, written as a folder or as the {@code .tgz} that the HL7
 * validator's {@code -ig} option and HAPI's {@code NpmPackageValidationSupport} load.
 */
public final class FhirPackage {

    public static final String NAME = "org.chelate.fhir";
    /** Where the build puts a copy of the tgz inside the plugin jar, for {@code NpmPackageValidationSupport}. */
    public static final String CLASSPATH = "org/chelate/plugin/fhirpackage/" + NAME + ".tgz";
    static final String FHIR_VERSION = "4.0.1";
    /** A fixed time for the tar entries, so that the same sources give the same bytes. */
    private static final Date ENTRY_TIME = new Date(499_161_600_000L);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, byte[]> files;

    private FhirPackage(Map<String, byte[]> files) {
        this.files = Collections.unmodifiableMap(files);
    }

    /** The package of {@code resources} (each needs an id) at {@code version}. */
    public static FhirPackage of(FhirContext ctx, String version, List<? extends MetadataResource> resources) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("package.json", json(manifest(version)));
        List<Map<String, Object>> index = new ArrayList<>();
        Map<String, byte[]> resourceFiles = new LinkedHashMap<>();
        for (MetadataResource resource : resources) {
            String type = resource.fhirType();
            String id = resource.getIdElement().getIdPart();
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("a package resource needs an id: " + resource.getUrl());
            }
            String filename = type + "-" + id + ".json";
            if (resourceFiles.put(filename, ctx.newJsonParser().setPrettyPrint(true).encodeResourceToString(resource)
                    .getBytes(StandardCharsets.UTF_8)) != null) {
                throw new IllegalArgumentException("two package resources would be " + filename);
            }
            index.add(indexEntry(filename, resource));
        }
        Map<String, Object> indexJson = new LinkedHashMap<>();
        indexJson.put("index-version", 2);
        indexJson.put("files", index);
        files.put(".index.json", json(indexJson));
        files.putAll(resourceFiles);
        return new FhirPackage(files);
    }

    /** File name (inside {@code package/}) to content, package.json and .index.json first. */
    public Map<String, byte[]> files() {
        return files;
    }

    /** Writes {@code <folder>/package/<file>} for every file (the unpacked layout). */
    public void writeFolder(Path folder) throws IOException {
        Path packageFolder = folder.resolve("package");
        Files.createDirectories(packageFolder);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Files.write(packageFolder.resolve(file.getKey()), file.getValue());
        }
    }

    /** Writes the gzipped tar with every file under {@code package/}. */
    public void writeTgz(Path tgz) throws IOException {
        Files.createDirectories(tgz.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(tgz)) {
            writeTgz(out);
        }
    }

    public void writeTgz(OutputStream out) throws IOException {
        GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(out);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry("package/" + file.getKey());
                entry.setSize(file.getValue().length);
                entry.setModTime(ENTRY_TIME);
                entry.setMode(0644);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    private static Map<String, Object> manifest(String version) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("name", NAME);
        manifest.put("version", version);
        manifest.put("type", "fhir.ig");
        manifest.put("canonical", ChelateSystems.BASE);
        manifest.put("url", ChelateSystems.BASE);
        manifest.put("title", "Chelate FHIR R4 profiles and terminology");
        manifest.put("description", "The Chelate profiles (supplement MedicationStatement, symptom-score Observation, "
                + "dose-basis extension), code systems, value sets and concept maps, as the Chelate server serves them.");
        manifest.put("fhirVersions", List.of(FHIR_VERSION));
        manifest.put("dependencies", Map.of("hl7.fhir.r4.core", FHIR_VERSION));
        manifest.put("author", "Chelate");
        manifest.put("license", "CC0-1.0");
        return manifest;
    }

    private static Map<String, Object> indexEntry(String filename, MetadataResource resource) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("filename", filename);
        entry.put("resourceType", resource.fhirType());
        entry.put("id", resource.getIdElement().getIdPart());
        entry.put("url", resource.getUrl());
        entry.put("version", resource.getVersion());
        entry.put("name", resource.getName());
        if (resource instanceof StructureDefinition definition) {
            entry.put("kind", definition.getKind().toCode());
            entry.put("type", definition.getType());
            entry.put("derivation", definition.getDerivation().toCode());
        } else if (resource instanceof CodeSystem codeSystem) {
            entry.put("content", codeSystem.getContent().toCode());
        }
        entry.values().removeIf(v -> v == null);
        return entry;
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
