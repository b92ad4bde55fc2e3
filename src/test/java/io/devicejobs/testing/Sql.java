package io.devicejobs.testing;

import io.devicejobs.config.AppConfig.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Direct SQL on a test's database, for setting up what the API cannot and for checking what was written. */
public final class Sql {
  private final DatabaseSettings database;

  public Sql(DatabaseSettings database) {
    this.database = database;
  }

  public int execute(String sql) {
    try (Connection c = connect();
        var statement = c.createStatement()) {
      return statement.executeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The number in the first column of the first row. */
  public long count(String sql) {
    List<Long> values = longs(sql);
    if (values.isEmpty()) {
      throw new IllegalStateException(sql + ": no row");
    }
    return values.get(0);
  }

  /** The first column of every row, as numbers. */
  public List<Long> longs(String sql) {
    return column(sql, rs -> rs.getLong(1));
  }

  /** The first column of every row, as text. */
  public List<String> strings(String sql) {
    return column(sql, rs -> rs.getString(1));
  }

  private interface Cell<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> List<T> column(String sql, Cell<T> cell) {
    try (Connection c = connect();
        var rs = c.createStatement().executeQuery(sql)) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(cell.read(rs));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
  }
}
