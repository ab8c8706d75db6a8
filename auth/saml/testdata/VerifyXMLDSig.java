// Verifies every ds:Signature of a SAMLResponse with the JDK's own XML
// Digital Signature implementation (JSR 105, Apache Santuario based): an
// implementation independent from the Go code that produced the signatures.
// Usage: java VerifyXMLDSig.java response.xml cert.pem
// Used by TestJavaCrossCheck when SAML_JAVA_VERIFY=1.
import javax.xml.crypto.dsig.*;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.*;
import java.io.*;
import java.security.cert.*;

public class VerifyXMLDSig {
  public static void main(String[] a) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document d = f.newDocumentBuilder().parse(new File(a[0]));
    X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new FileInputStream(a[1]));
    NodeList as = d.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Assertion");
    for (int i = 0; i < as.getLength(); i++) ((Element) as.item(i)).setIdAttribute("ID", true);
    d.getDocumentElement().setIdAttribute("ID", true);
    NodeList sigs = d.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
    if (sigs.getLength() == 0) { System.out.println("no signature"); System.exit(1); }
    for (int i = 0; i < sigs.getLength(); i++) {
      Element s = (Element) sigs.item(i);
      DOMValidateContext ctx = new DOMValidateContext(c.getPublicKey(), s);
      ctx.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
      XMLSignature sig = XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(ctx);
      boolean ok = sig.validate(ctx);
      System.out.println(((Element) s.getParentNode()).getLocalName() + " " + ok);
      if (!ok) System.exit(1);
    }
    Element v = (Element) d.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "AttributeValue").item(0);
    if (!"http://www.w3.org/2001/XMLSchema".equals(v.lookupNamespaceURI("xs"))) {
      System.out.println("xs prefix of xsi:type is not bound"); System.exit(1);
    }
  }
}
