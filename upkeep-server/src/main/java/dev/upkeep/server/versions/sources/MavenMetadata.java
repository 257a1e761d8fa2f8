package dev.upkeep.server.versions.sources;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads the versions of a Maven repository's {@code groupId/artifactId/maven-metadata.xml} ({@code
 * <metadata><versioning><versions><version>...}, as Maven's repository metadata 1.1.0 writes it)
 * with the JDK's parser hardened: no DTD at all, so no external or internal entities, no XInclude,
 * secure processing on, no external DTD or schema access.
 */
final class MavenMetadata {
  private MavenMetadata() {}

  /**
   * The listed versions, in file order, duplicates and blanks dropped, a leading {@code v} kept
   * (Maven versions do not have one).
   *
   * @param source what is being read, for the message
   * @throws SourceException when the bytes are not a {@code maven-metadata.xml} (not XML, a DTD, a
   *     different root element, no {@code versioning})
   */
  static List<String> versions(byte[] xml, String source) throws SourceException {
    Document doc = parse(xml, source);
    Element root = doc.getDocumentElement();
    if (!"metadata".equals(root.getLocalName() == null ? root.getTagName() : root.getLocalName())) {
      throw new SourceException(
          source + " is not maven-metadata.xml: the root element is <" + root.getTagName() + ">");
    }
    Element versioning = child(root, "versioning");
    if (versioning == null) {
      throw new SourceException(source + " is not maven-metadata.xml: it has no <versioning>");
    }
    Set<String> out = new LinkedHashSet<>();
    Element versions = child(versioning, "versions");
    if (versions != null) {
      NodeList list = versions.getChildNodes();
      for (int i = 0; i < list.getLength(); i++) {
        Node n = list.item(i);
        if (n instanceof Element e && "version".equals(name(e))) {
          String v = e.getTextContent().strip();
          if (!v.isEmpty()) {
            out.add(v);
          }
        }
      }
    }
    return new ArrayList<>(out);
  }

  private static Document parse(byte[] xml, String source) throws SourceException {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setNamespaceAware(true);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b.parse(new ByteArrayInputStream(xml));
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser cannot be hardened: " + e, e);
    } catch (SAXException | IOException e) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new SourceException(source + " is not maven-metadata.xml: " + m, e);
    }
  }

  private static Element child(Element parent, String name) {
    NodeList list = parent.getChildNodes();
    for (int i = 0; i < list.getLength(); i++) {
      if (list.item(i) instanceof Element e && name.equals(name(e))) {
        return e;
      }
    }
    return null;
  }

  private static String name(Element e) {
    return e.getLocalName() == null ? e.getTagName() : e.getLocalName();
  }
}
