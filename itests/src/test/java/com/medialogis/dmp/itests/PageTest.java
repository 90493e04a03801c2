package com.medialogis.dmp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;



/**
 * The bridge's page in Debian's headless Chromium (Selenium 4), against the demo distribution
 * started as a practice starts it: the whole flow by clicking, the consent, the button without a
 * DMP, a wrong PIN, the Vitale card pulled while the page is open, the doctor's changes to his
 * documents and the DMP's refusal of another professional's. Screenshots of the steps go to
 * {@code target/screenshots/}.
 */
public class PageTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Path home;
    private Process gateway;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @Before
    public void startTheDemoAndTheBrowser() throws Exception {
        assumeTrue("Debian's chromium and chromium-driver are needed (.ci/run installs them)",
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER));
        home = Files.createTempDirectory(Path.of("target"), "page-").toAbsolutePath();
        Distribution.copyTo(home);
        // The shortest wait the bridge takes: the page's heartbeat must keep its session open past it.
        Files.writeString(home.resolve("load/com.medialogis.dmp.bridge.efficience.cfg"), "heartbeat.seconds = 10\n");
        gateway = new ProcessBuilder(home.resolve("bin/dmp-gateway").toString(), "--headless").redirectErrorStream(true)
                .redirectOutput(home.resolve("console.out").toFile()).start();
        // Exits 0 once the container is ready (shell() checks it); the page then waits for what still starts.
        shell("--wait-ready=60");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000", "--lang=fr-FR");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
        wait = new WebDriverWait(browser, WAIT);
        Files.createDirectories(SCREENSHOTS);
    }

    @After
    public void stop() throws InterruptedException {
        if (browser != null) {
            browser.quit();
        }
        if (gateway != null) {
            gateway.destroy();
            if (!gateway.waitFor(10, TimeUnit.SECONDS)) {
                gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    public void fromTheVitaleCardToADepositedLetterAndAnImportedDocument() throws Exception {
        browser.get(shell("bridge:page").strip());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
        assertFalse("the one-time code leaves the address bar", browser.getCurrentUrl().contains("code="));
        Object paint = browser.executeScript("const paint = performance.getEntriesByName('first-contentful-paint')[0];"
                + " return paint ? paint.startTime : -1;");
        System.out.printf("page: first contentful paint %.0f ms after navigation (headless Chromium, loopback)%n",
                ((Number) paint).doubleValue());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("health"), "DEMO"));
        shoot("01-page");

        // Efficience: a wrong PIN shows the tries left, then the right one opens the session.
        startEfficience("9999");
        // The sandbox checks the PIN itself and spends no try of the virtual CPS: the card still says 3.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pin-error"), "3 essais restants."));
        shoot("02-wrong-pin");
        WebElement pin = browser.findElement(By.id("pin"));
        pin.sendKeys("1234");
        browser.findElement(By.id("pin-ok")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("efficience"), "Fermer Efficience"));

        // The Vitale card's first beneficiary becomes the open patient, once confirmed; his DMP is open to this doctor.
        patientFromTheCard(0, "1950-08-01");
        wait.until(ExpectedConditions.textToBe(By.id("toolbar"), "Vous êtes autorisé à accéder à ce DMP. Cliquer ici pour l'ouvrir"));
        shoot("03-toolbar");

        // A letter put in the queue, another deposited at once.
        deposit("Lettre - pour envoi sur DMP", "Envoi n°1", "Compte rendu de consultation " + System.nanoTime(), "deposit-queue");
        Path now = home.resolve("courrier.txt");
        Files.writeString(now, "Courrier déposé tout de suite " + System.nanoTime());
        deposit("Courrier", "", Files.readString(now), "deposit-now");
        wait.until(driver -> driver.findElements(By.cssSelector("#sent li[data-state='DONE']")).size() == 2);
        String tooltip = browser.findElement(By.cssSelector("#sent li:last-child .icon")).getAttribute("title");
        assertTrue(tooltip, tooltip.contains("Lettre - pour envoi sur DMP — Envoi n°1 (DONE, 2.25."));
        shoot("04-deposits");

        // The DMP's documents: opened, transferred once.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("browser"), "CR de consultation (2 documents)"));
        click(By.xpath("//button[@class='document'][starts-with(., 'Courrier')]"));
        click(By.id("open"));
        wait.until(ExpectedConditions.textToBe(By.id("document-text"), Files.readString(now)));
        shoot("05-browser");
        click(By.id("transfer"));
        wait.until(driver -> driver.findElements(By.cssSelector("#received li")).size() == 1);
        assertTrue(browser.findElement(By.cssSelector("#received .icon")).getAttribute("title").startsWith("Reçu le "));
        click(By.id("transfer"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("patient-message"), "déjà été transféré"));
        String localId = browser.findElement(By.cssSelector("#patients button[aria-pressed='true']")).getAttribute("data-patient");
        assertEquals("received once", 1, api("GET", "patients/" + localId + "/received", null).split("\"dmpUniqueId\"").length - 1);
        wait.until(ExpectedConditions.attributeToBe(By.id("chart"), "data-total", "2"));
        shoot("06-transfer");
    }

    /** Opens the page, starts Efficience with the PIN, and opens the card's insured as a patient. */
    private void openTheInsuredOfTheCard() throws Exception {
        browser.get(shell("bridge:page").strip());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
        startEfficience("1234");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("efficience"), "Fermer Efficience"));
        patientFromTheCard(0, "1950-08-01");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("send")));
    }

    @Test
    public void theCardsSecondBeneficiaryGetsHisDmpOnlyWithConsent() throws Exception {
        openTheInsuredOfTheCard();
        // The card's second beneficiary has no DMP yet.
        patientFromTheCard(1, "1955-06-15");
        wait.until(ExpectedConditions.textToBe(By.id("toolbar"), "Le DMP n'existe pas. Cliquer ici pour le créer"));
        assertFalse("« Envoyer sur le DMP » without a DMP", browser.findElement(By.id("send")).isEnabled());

        click(By.id("toolbar"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-dialog")));
        assertFalse("« Créer » waits for the consent", browser.findElement(By.id("form-ok")).isEnabled());
        browser.findElement(By.id("f-mobilePhone")).sendKeys("12345");
        browser.findElement(By.id("consent")).sendKeys(Keys.SPACE);
        assertTrue("ticked from the keyboard", browser.findElement(By.id("form-ok")).isEnabled());
        browser.findElement(By.id("consent")).sendKeys(Keys.SPACE);
        assertFalse("unticked, « Créer » is disabled again", browser.findElement(By.id("form-ok")).isEnabled());
        browser.findElement(By.id("consent")).sendKeys(Keys.SPACE);
        browser.findElement(By.id("f-name")).sendKeys(Keys.ENTER);
        wait.until(driver -> !driver.findElement(By.cssSelector(".error[data-for='mobilePhone']")).getText().isEmpty());
        assertEquals("Le champ « Téléphone mobile » n'est pas valide : corrigez-le et recommencez.",
                browser.findElement(By.cssSelector(".error[data-for='mobilePhone']")).getText());
        assertEquals("true", browser.findElement(By.id("f-mobilePhone")).getAttribute("aria-invalid"));
        assertEquals("the focus goes to the field refused", "f-mobilePhone", browser.switchTo().activeElement().getAttribute("id"));
        String localId = browser.findElement(By.cssSelector("#patients button[aria-pressed='true']")).getAttribute("data-patient");
        assertTrue("nothing was created", api("GET", "patients/" + localId + "/dmp?refresh=true", null).contains("\"state\":\"NOT_FOUND\""));
        shoot("07-create-refused");
        WebElement mobile = browser.findElement(By.id("f-mobilePhone"));
        mobile.clear();
        mobile.sendKeys("06 12 34 56 78");
        click(By.id("f-smsAccess"));
        click(By.id("form-ok"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("access-sheet")));
        wait.until(ExpectedConditions.textToBe(By.id("toolbar"), "Vous êtes autorisé à accéder à ce DMP. Cliquer ici pour l'ouvrir"));
        assertTrue(browser.findElement(By.id("send")).isEnabled());
        shoot("08-created");
    }

    @Test
    public void theVitaleCardPulledWhileThePageIsOpenLeavesIt() throws Exception {
        browser.get(shell("bridge:page").strip());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
        startEfficience("1234");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("efficience"), "Fermer Efficience"));
        patientFromTheCard(0, "1950-08-01");
        wait.until(ExpectedConditions.textToBe(By.id("toolbar"), "Vous êtes autorisé à accéder à ce DMP. Cliquer ici pour l'ouvrir"));
        shell("card:sim-remove", "vitale");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("vitale"), "Aucune carte Vitale n'est insérée dans le lecteur."));
        assertTrue("the open patient stays open", browser.findElement(By.id("patient-name")).getText().startsWith("MARTIN JEAN"));
        shoot("09-card-pulled");

        // The page's heartbeat keeps the session it opened past heartbeat.seconds (10 s here): nothing to poll
        // for, the session must simply still be open after it.
        Thread.sleep(15_000);
        assertTrue(api("GET", "efficience", null), api("GET", "efficience", null).contains("\"session\":\"OPEN\""));
        assertTrue(api("GET", "efficience", null).contains("\"openedByBridge\":true"));
        shell("card:sim-insert", "vitale");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#vitale li[data-beneficiary='3']")));
    }

    @Test
    public void theDoctorArchivesHidesAndDeletesHisLetterAndIsToldWhenADocumentIsNotHis() throws Exception {
        openTheInsuredOfTheCard();
        deposit("Lettre à archiver", "", "Compte rendu " + System.nanoTime(), "deposit-now");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("browser"), "CR de consultation (1 document)"));
        click(By.xpath("//button[@class='document'][starts-with(., 'Lettre à archiver')]"));

        click(By.id("archive"));
        wait.until(ExpectedConditions.textToBe(By.id("patient-message"), "Le document a été archivé."));
        assertEquals("ARCHIVED", browser.findElement(By.cssSelector("#details [data-field='status']")).getText());
        assertEquals("Désarchiver", browser.findElement(By.id("archive")).getText());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("browser"), "CR de consultation (Aucun document)"));
        click(By.id("all-documents"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("browser"), "CR de consultation (1 document)"));
        click(By.id("archive"));
        wait.until(ExpectedConditions.textToBe(By.id("patient-message"), "Le document a été désarchivé."));
        assertEquals("APPROVED", browser.findElement(By.cssSelector("#details [data-field='status']")).getText());

        click(By.cssSelector("[data-flag='hiddenFromPatient']"));
        wait.until(ExpectedConditions.textToBe(By.id("patient-message"), "La visibilité du document a été modifiée."));
        assertEquals("oui", browser.findElement(By.cssSelector("#details [data-field='hiddenFromPatient']")).getText());
        assertEquals("Rendre visible au patient", browser.findElement(By.cssSelector("[data-flag='hiddenFromPatient']")).getText());
        click(By.cssSelector("[data-flag='maskedToProfessionals']"));
        wait.until(ExpectedConditions.textToBe(By.id("patient-message"), "Un document masqué aux professionnels de santé reste"
                + " visible du patient et de ses représentants légaux : choisissez l'un ou l'autre."));
        assertEquals("non", browser.findElement(By.cssSelector("#details [data-field='maskedToProfessionals']")).getText());

        click(By.id("delete"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-dialog")));
        assertTrue(browser.findElement(By.id("confirm-text")).getText().startsWith("Supprimer « Lettre à archiver » du DMP du patient ?"));
        click(By.id("confirm-ok"));
        wait.until(ExpectedConditions.textToBe(By.id("patient-message"), "Le document a été supprimé du DMP."));
        assertFalse(browser.findElement(By.id("details")).isDisplayed());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("browser"), "CR de consultation (Aucun document)"));
        shoot("10-own-document-deleted");

        // CLAIRE's DMP holds a letter of another professional: the DMP refuses to change it, and the page says so.
        api("PUT", "patients/CLAIRE", "{\"name\":\"DUPONT\",\"firstName\":\"Claire\",\"birthDate\":\"1968-04-12\",\"sex\":\"FEMALE\"}");
        api("PUT", "patients/CLAIRE/identifier", "{\"identifier\":\"0717882253375465310850\"}");
        click(By.cssSelector("#patients button[data-patient='CLAIRE']"));
        click(By.xpath("//button[@class='document'][starts-with(., 'Lettre de liaison')]"));
        click(By.id("delete"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-dialog")));
        click(By.id("confirm-ok"));
        wait.until(ExpectedConditions.textToBe(By.id("patient-message"), "Le DMP a refusé de modifier ce document : seul le"
                + " professionnel qui l'a déposé peut le modifier, et un document remplacé ne change plus."));
        assertTrue("still shown", browser.findElement(By.id("details")).isDisplayed());
        shoot("11-not-the-author");
    }

    @Test
    public void aPatientsInsIsRetrievedFromInsiAndHisIdentityQualifiedOnHisPassport() throws Exception {
        String saved = shell("patient:save", "W-1", "MARTIN", "Jean", "1950-08-01", "MALE");
        assertTrue(saved, saved.contains("identity PROVISIONAL"));
        browser.get(shell("bridge:page").strip());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
        startEfficience("1234");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("efficience"), "Fermer Efficience"));
        click(By.cssSelector("#patients button[data-patient='W-1']"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("identity-status"), "Identité provisoire"));

        click(By.id("ins-lookup"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("identity-status"),
                "Identité récupérée (INSi) — INS 150081505104018"));
        assertEquals("INS 150081505104018 récupérée auprès d'INSi.", browser.findElement(By.id("patient-message")).getText());
        shoot("12-ins-retrieved");

        click(By.id("identity-check"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("identity-dialog")));
        assertEquals("MARTIN Jean, homme, né(e) le 01/08/1950", browser.findElement(By.id("identity-traits")).getText());
        new Select(browser.findElement(By.id("identity-document"))).selectByValue("PASSPORT");
        click(By.id("identity-confirmed"));
        click(By.id("identity-ok"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("identity-dialog")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("identity-status"), "Identité qualifiée"));
        assertFalse("checked once", browser.findElement(By.id("identity-check")).isEnabled());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toolbar"), "Vous êtes autorisé à accéder à ce DMP"));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("send")));
        deposit("Lettre pour l'INS qualifiée", "", "Lettre " + System.nanoTime(), "deposit-now");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("browser"), "CR de consultation"));
        shoot("13-identity-qualified");
    }

    /** "Créer le dossier patient" for a beneficiary of the card, confirmed with the birth date it proposes. */
    private void patientFromTheCard(int index, String birthDate) {
        click(By.cssSelector("#vitale li[data-beneficiary='" + index + "'] button.new-patient"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-dialog")));
        assertEquals(birthDate, browser.findElement(By.id("confirm-date")).getAttribute("value"));
        click(By.id("confirm-ok"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-dialog")));
    }

    private void startEfficience(String pin) {
        click(By.id("efficience"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pin-dialog")));
        browser.findElement(By.id("pin")).sendKeys(pin);
        click(By.id("pin-ok"));
    }

    /** "Envoyer sur le DMP" with a file, the deposit dialog filled, then one of its two buttons. */
    private void deposit(String title, String description, String text, String button) throws IOException {
        Path file = home.resolve("lettre-" + System.nanoTime() + ".txt");
        Files.writeString(file, text);
        browser.findElement(By.id("document-file")).sendKeys(file.toString());
        int before = browser.findElements(By.cssSelector("#sent li")).size();
        click(By.id("send"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("deposit-dialog")));
        WebElement titleField = browser.findElement(By.id("d-title"));
        titleField.clear();
        titleField.sendKeys(title);
        browser.findElement(By.id("d-description")).sendKeys(description);
        click(By.id(button));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("deposit-dialog")));
        wait.until(driver -> driver.findElements(By.cssSelector("#sent li")).size() == before + 1);
    }

    /** Clicks once the element can be clicked; the page re-renders its lists, so a stale element is looked for again. */
    private void click(By where) {
        wait.ignoring(StaleElementReferenceException.class).until(driver -> {
            WebElement target = ExpectedConditions.elementToBeClickable(where).apply(driver);
            if (target == null) {
                return false;
            }
            target.click();
            return true;
        });
    }

    private void shoot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    /** A call of the bridge's API as the practice program makes it; @return its body, after checking it succeeded */
    private String api(String method, String path, String json) throws Exception {
        String token = shell("bridge:token").strip();
        int port = Integer.parseInt(Files.readString(home.resolve("conf/config.properties")).lines()
                .filter(line -> line.startsWith("org.osgi.service.http.port=")).findFirst().orElseThrow().split("=")[1]);
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/" + path)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(answer.body(), 200, answer.statusCode());
        return answer.body();
    }

    /** Runs bin/dmp-shell; @return its output, after checking it exited 0 */
    private String shell(String... words) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/dmp-shell").toString()));
        command.addAll(List.of(words));
        Path output = Files.createTempFile(home, "dmp-shell-", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = process.waitFor(90, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String out = Files.readString(output);
        assertTrue("dmp-shell " + String.join(" ", words) + " within 90 s", ended);
        assertEquals(String.join(" ", words) + ": " + out, 0, process.exitValue());
        return out;
    }
}
