package io.devicejobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An operation of the contract that no handler serves answers 501 in the error model (never 503 or 500). */
class RoutesTest {

  @Test
  void anUnimplementedOperationAnswers501() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject contract =
          new JsonObject(
              """
          {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "servers": [{"url": "http://x.invalid/api"}],
           "paths": {"/later": {"get": {"operationId": "later", "responses": {"200": {"description": "ok"}}}}}}""");
      OpenAPIContract parsed = OpenAPIContract.from(vertx, contract).await(10, TimeUnit.SECONDS);
      ExactRequestExtractor extractor = new ExactRequestExtractor();
      RouterBuilder builder = RouterBuilder.create(vertx, parsed, extractor);
      new Routes(builder, new ContractValidation(vertx, parsed, extractor))
          .notImplementedForTheRest();
      int port =
          vertx
              .createHttpServer()
              .requestHandler(builder.createRouter())
              .listen(0)
              .await(10, TimeUnit.SECONDS)
              .actualPort();
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/later"))
                      .method(HttpMethod.GET.name(), HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(501, answer.statusCode());
      JsonObject body = new JsonObject(answer.body());
      assertEquals("not_implemented", body.getString("error"));
      assertEquals(true, body.getString("message").contains("later"));
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
