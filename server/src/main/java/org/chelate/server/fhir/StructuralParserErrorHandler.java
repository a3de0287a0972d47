package org.chelate.server.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;

/**
 * Request bodies are parsed leniently about content (a missing required element is for validation to judge) but
 * strictly about structure: an element R4 does not define, an array where one value belongs, an object where a value
 * belongs, or an invalid primitive value is a 400 rather than being dropped or coerced silently.
 */
final class StructuralParserErrorHandler extends LenientErrorHandler {

    StructuralParserErrorHandler() {
        super(false);
        setErrorOnInvalidValue(true);
    }

    @Override
    public void unknownElement(IParseLocation location, String elementName) {
        throw new DataFormatException("Unknown element '" + elementName + "'" + where(location)
                + "; it is not part of FHIR R4 (put extra data in an extension)");
    }

    @Override
    public void unknownAttribute(IParseLocation location, String attributeName) {
        throw new DataFormatException("Unknown attribute '" + attributeName + "'" + where(location));
    }

    @Override
    public void unexpectedRepeatingElement(IParseLocation location, String elementName) {
        throw new DataFormatException("Element '" + elementName + "'" + where(location)
                + " takes a single value, not a list");
    }

    @Override
    public void incorrectJsonType(IParseLocation location, String elementName,
            BaseJsonLikeValue.ValueType expectedValueType, BaseJsonLikeValue.ScalarType expectedScalarType,
            BaseJsonLikeValue.ValueType foundValueType, BaseJsonLikeValue.ScalarType foundScalarType) {
        if (expectedValueType != foundValueType) {
            throw new DataFormatException(createIncorrectJsonTypeMessage(elementName, expectedValueType,
                    expectedScalarType, foundValueType, foundScalarType) + where(location));
        }
        super.incorrectJsonType(location, elementName, expectedValueType, expectedScalarType, foundValueType,
                foundScalarType);
    }

    private static String where(IParseLocation location) {
        return location == null || location.getParentElementName() == null ? ""
                : " in " + location.getParentElementName();
    }
}
