package io.dockmedic.doctor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dockmedic.rules.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every finding speaks English and Chinese, and the troubleshooting table's rows keep the page's Chinese wording. */
class FindingTextsTest {

    @Test
    void everyFindingHasBothLanguages() {
        List<String> bad = new ArrayList<>();
        for (String id : FindingTexts.ids()) {
            Finding f = FindingTexts.finding(id, "f", 1);
            for (Text t : List.of(f.message(), f.remedy())) {
                if (t.en() == null || t.en().isBlank() || t.zh() == null
                        || t.zh().codePoints().noneMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
                    bad.add(id);
                }
            }
        }
        assertTrue(bad.isEmpty(), "findings without en and zh texts: " + bad);
        assertTrue(FindingTexts.ids().size() >= 25, FindingTexts.ids().toString());
    }

    @Test
    void troubleshootingRowsUseThePageWording() {
        Map<String, List<String>> table = Map.of(
                "postgres-password-mismatch", List.of("POSTGRES_PASSWORD 与 DATABASE_URL 密码不一致", "确保 .env.prod 中两者密码相同",
                        "数据卷首次创建时的密码与当前 .env.prod 不同", "使用相同密码，或 `docker compose down -v` 后重建"),
                "redis-url-localhost", List.of("REDIS_URL 配置错误", "生产环境使用 `redis://redis:6379/0`（服务名 redis）"),
                "redis-url-unknown-host", List.of("REDIS_URL 配置错误", "生产环境使用 `redis://redis:6379/0`（服务名 redis）"),
                "dashscope-api-key-missing", List.of("DASHSCOPE_API_KEY 未配置", "Key 未填写", "在 .env.prod 中正确配置"),
                "dashscope-api-key-not-passed", List.of("未传入容器"),
                "registry-mirror-forbidden", List.of("删除或注释 `registry-mirrors` 配置", "可能已失效、限流或需登录",
                        "若在国内，可尝试其他可用镜像（如 DaoCloud、网易等），或直接使用 Docker Hub"));
        List<String> missing = new ArrayList<>();
        table.forEach((id, phrases) -> {
            Finding f = FindingTexts.finding(id, "f", 1);
            String zh = f.message().zh() + f.remedy().zh();
            phrases.stream().filter(p -> !zh.contains(p)).forEach(p -> missing.add(id + ": " + p));
        });
        assertTrue(missing.isEmpty(), "troubleshooting page wording missing: " + missing);
    }
}
