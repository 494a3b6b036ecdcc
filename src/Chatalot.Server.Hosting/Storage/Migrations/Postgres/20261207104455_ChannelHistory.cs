using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Chatalot.Server.Hosting.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    internal partial class ChannelHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "HistoryDays",
                table: "channels",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HistoryDays",
                table: "channels");
        }
    }
}
