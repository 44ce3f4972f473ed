package io.teamtalkj.launcher.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One headless Chromium (Debian's chromium + chromium-driver) showing the web chat, with the
 * steps a person takes: sign in, pick a contact or chat, type, scroll up. Waits use Awaitility.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(20);

    final String name;
    final ChromeDriver driver;

    Browser(String name) {
        this.name = name;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1200,800", "--no-first-run", "--disable-extensions");
        // the driver from the package, never a download (Selenium Manager stays off)
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    }

    void open(String url) {
        driver.get(url);
    }

    void signIn(String user, String password) {
        WebElement name = find("#login-user");
        name.clear();
        name.sendKeys(user);
        find("#login-password").sendKeys(password);
        find("#login-submit").click();
        await("signed in as " + user, () -> find("#main-screen").isDisplayed()
                && "online".equals(text("#status")));
    }

    void contactsTab() {
        find("#tab-contacts").click();
    }

    void chatsTab() {
        find("#tab-sessions").click();
    }

    /** Opens a one-to-one conversation from the contacts list. */
    void openContact(int userId) {
        contactsTab();
        await("contact " + userId, () -> !all(".contact[data-user-id='" + userId + "']").isEmpty());
        find(".contact[data-user-id='" + userId + "']").click();
        awaitOpen();
    }

    void openGroup(int groupId) {
        contactsTab();
        await("group " + groupId, () -> !all(".group-entry[data-group-id='" + groupId + "']").isEmpty());
        find(".group-entry[data-group-id='" + groupId + "']").click();
        awaitOpen();
    }

    void openSession(String key) {
        chatsTab();
        await("session " + key, () -> !all(".session[data-key='" + key + "']").isEmpty());
        find(".session[data-key='" + key + "']").click();
        awaitOpen();
    }

    private void awaitOpen() {
        await("conversation shown", () -> find("#conversation").isDisplayed()
                && all(".loading-older").isEmpty() && (!all(".history-start").isEmpty() || !all(".message").isEmpty()));
    }

    void type(String text) {
        WebElement input = find("#composer-text");
        input.sendKeys(text);
        find("#composer-send").click();
    }

    /** The unread badge of a chat in the list, 0 when none is shown. */
    int unread(String key) {
        List<WebElement> badge = all(".session[data-key='" + key + "'] .unread");
        return badge.isEmpty() ? 0 : Integer.parseInt(badge.get(0).getText().strip());
    }

    /**
     * The shown messages' texts, read in one script: element by element, a re-render between the
     * find and the read (a reconnect reloads the conversation) made the elements stale.
     */
    @SuppressWarnings("unchecked")
    List<String> messageTexts() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript("return [...document.querySelectorAll("
                + "'#messages .message .text')].map(e => e.innerText.trim())");
    }

    /** How many shown messages carry exactly this text. */
    long count(String text) {
        return messageTexts().stream().filter(text::equals).count();
    }

    String delivery(String text) {
        for (WebElement m : all("#messages .message")) {
            List<WebElement> t = m.findElements(By.cssSelector(".text"));
            if (!t.isEmpty() && t.get(0).getText().equals(text)) {
                return m.getAttribute("data-delivery");
            }
        }
        return null;
    }

    /** Inline images in the open conversation that the browser fetched and decoded. */
    int imagesLoaded() {
        return ((Number) ((JavascriptExecutor) driver).executeScript("return [...document.querySelectorAll("
                + "'#messages img.inline-image')].filter(i => i.complete && i.naturalWidth > 0).length")).intValue();
    }

    void scrollMessagesToTop() {
        ((JavascriptExecutor) driver).executeScript("document.getElementById('messages').scrollTop = 0;"
                + "document.getElementById('messages').dispatchEvent(new Event('scroll'));");
    }

    /** A user's id as the page knows it from the directory, by nick name. */
    int userId(String nick) {
        return ((Number) ((JavascriptExecutor) driver).executeScript("return [...window.teamtalk.model.users.values()]"
                + ".find(u => u.userNickName === arguments[0]).userId", nick)).intValue();
    }

    int groupId(String groupName) {
        return ((Number) ((JavascriptExecutor) driver).executeScript("return [...window.teamtalk.model.groups.values()]"
                + ".find(g => g.groupName === arguments[0]).groupId", groupName)).intValue();
    }

    String text(String css) {
        return find(css).getText();
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    void await(String what, java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await(name + ": " + what).atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(condition);
    }

    /** A PNG of what this browser shows now, for a failed test. */
    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
