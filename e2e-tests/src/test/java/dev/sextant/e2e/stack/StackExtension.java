package dev.sextant.e2e.stack;

import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Runs one {@link Stack} for a test class: register it as
 * {@code @RegisterExtension static final StackExtension STACK = new StackExtension(options);}. Starts
 * the stack before the class's tests, stops it after them, and prints the tail of every service's
 * log when a test or a lifecycle method fails.
 */
public final class StackExtension implements BeforeAllCallback, AfterAllCallback, TestWatcher,
        LifecycleMethodExecutionExceptionHandler {
    private static final int TAIL_LINES = 60;
    private final StackOptions options;
    private Stack stack;

    public StackExtension(StackOptions options) {
        this.options = options;
    }

    /** The running stack (inside the test class's lifecycle). */
    public Stack stack() {
        if (stack == null) {
            throw new IllegalStateException("the stack is not running (only inside the test class's lifecycle)");
        }
        return stack;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        stack = Stack.start(options);
        System.out.println("e2e: stack " + stack.runId() + " ready for " + context.getDisplayName() + "; logs in "
                + stack.logFile(Service.COLLECTOR).getParent());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        printTails(context.getDisplayName() + " failed: " + cause);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        printTails("@BeforeAll of " + context.getDisplayName() + " failed: " + throwable);
        throw throwable;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        printTails("@BeforeEach of " + context.getDisplayName() + " failed: " + throwable);
        throw throwable;
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        // nothing to show: the test chose not to run
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        // nothing to show
    }

    private void printTails(String what) {
        if (stack != null) {
            System.err.println("e2e: " + what + "\n" + stack.logTails(TAIL_LINES));
        }
    }
}
