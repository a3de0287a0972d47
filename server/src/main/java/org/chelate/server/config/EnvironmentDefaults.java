package org.chelate.server.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Supplies each option's value from its environment variable, {@code --data-dir} from {@code CHELATE_DATA_DIR}. */
final class EnvironmentDefaults implements IDefaultValueProvider {

    static final String PREFIX = "CHELATE_";

    private final Map<String, String> environment;

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    static String variableFor(OptionSpec option) {
        return PREFIX + option.longestName().replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The variable that set this argument, when it did. */
    Optional<String> variableSetting(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return Optional.empty();
        }
        String variable = variableFor(option);
        String value = environment.get(variable);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(variable);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        return variableSetting(arg).map(environment::get).orElse(null);
    }
}
